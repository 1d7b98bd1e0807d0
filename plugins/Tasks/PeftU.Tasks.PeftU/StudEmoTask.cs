using PeftU.Abstractions;
using PeftU.Abstractions.Tasks;
using PeftU.Data.Raw;
using PeftU.Data.Splits;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>studemo</c> (Ngo et al., 2022).</summary>
[PeftTask("studemo", Display = "StudEmo", Paper = "Ngo et al., 2022")]
public sealed partial class StudEmoTask() : PeftUTask("studemo"), IPeftTask
{
    public override bool CanPrepare => true;

    /// <summary>From <c>annotation_data.csv</c> (or its folder) with <c>text_data.csv</c> beside it.</summary>
    public override PersonalizedDataset Prepare(string rawPath) => PeftUSplitter.Split(StudEmoReader.Read(rawPath));
}
