using PeftU.Abstractions;

namespace PeftU.Tasks.PeftU;

/// <summary>PEFT-U task <c>unhealthyconversations</c> (Price et al., 2020).</summary>
[PeftTask("unhealthyconversations", Display = "Unhealthy Conversations", Paper = "Price et al., 2020")]
public sealed partial class UnhealthyConversationsTask() : PeftUTask("unhealthyconversations"), IPeftTask;
