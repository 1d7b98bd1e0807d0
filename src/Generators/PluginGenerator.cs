using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using PeftU.Generators.Emit;
using PeftU.Generators.Model;
using PeftU.Generators.Parsing;

namespace PeftU.Generators
{
    /// <summary>For every partial class with [PeftMethod] or [PeftTask]: implements its [PeftOption] properties, emits its
    /// metadata and option binding, and emits one registry per assembly for the host's discovery.</summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class PluginGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<ParseResult> methods = Parse(context, PluginKindInfo.Method).WithTrackingName(TrackingNames.Methods);
            IncrementalValuesProvider<ParseResult> tasks = Parse(context, PluginKindInfo.Task).WithTrackingName(TrackingNames.Tasks);

            context.RegisterSourceOutput(methods, EmitPlugin);
            context.RegisterSourceOutput(tasks, EmitPlugin);

            IncrementalValueProvider<EquatableArray<PluginModel>> registry = methods.Collect()
                .Combine(tasks.Collect())
                .Select((pair, _) => pair.Left.Concat(pair.Right)
                    .Where(r => r.Model is not null)
                    .Select(r => r.Model!)
                    .ToEquatableArray())
                .WithTrackingName(TrackingNames.Registry);
            context.RegisterSourceOutput(registry, EmitRegistry);
        }

        private static IncrementalValuesProvider<ParseResult> Parse(IncrementalGeneratorInitializationContext context, PluginKindInfo kind) =>
            context.SyntaxProvider.ForAttributeWithMetadataName(
                kind.AttributeMetadataName,
                predicate: static (node, _) => node is ClassDeclarationSyntax,
                transform: (ctx, ct) => PluginParser.Parse(ctx, kind, ct));

        private static void EmitPlugin(SourceProductionContext context, ParseResult result)
        {
            foreach (DiagnosticInfo diagnostic in result.Diagnostics)
                context.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (result.Model is { } model)
                context.AddSource(model.HintName, SourceText.From(PluginEmitter.Emit(model), System.Text.Encoding.UTF8));
        }

        private static void EmitRegistry(SourceProductionContext context, EquatableArray<PluginModel> plugins)
        {
            if (plugins.Count == 0)
                return;
            var byId = new Dictionary<string, PluginModel>();
            var unique = new List<PluginModel>();
            foreach (PluginModel plugin in plugins)
            {
                if (byId.TryGetValue(plugin.Id, out PluginModel? first))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Diagnostics.DuplicatePluginId, plugin.Location?.ToLocation(),
                        plugin.Id, plugin.FullName, first.FullName));
                    continue;
                }
                byId[plugin.Id] = plugin;
                unique.Add(plugin);
            }
            context.AddSource(RegistryEmitter.HintName, SourceText.From(RegistryEmitter.Emit(unique), System.Text.Encoding.UTF8));
        }
    }
}
