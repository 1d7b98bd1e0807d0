using PeftU.Abstractions.Backbone;

namespace PeftU.Abstractions.Methods;

/// <summary>Optional, for methods whose options hold sentinels (bottleneck_size 0 = d_model / reduction_factor) or act only
/// in some combinations (prompt_init_text only with prompt_init=text): the options as they take effect on a backbone of
/// these dims, for plans and reports — a sentinel replaced by the value it stands for, an option without effect left
/// out. Set on a fresh instance they give the same module. Methods without it show
/// <see cref="IPeftPlugin.GetOptionValues"/>.</summary>
public interface IHasEffectiveOptions
{
    IReadOnlyDictionary<string, string> EffectiveOptionValues(BackboneDims dims);
}
