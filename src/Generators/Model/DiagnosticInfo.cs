using System.Linq;
using Microsoft.CodeAnalysis;

namespace PeftU.Generators.Model
{
    /// <summary>A diagnostic to report, kept equatable so it can travel through the incremental pipeline.</summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
    {
        public Diagnostic ToDiagnostic() =>
            Diagnostic.Create(Diagnostics.ById(Id), Location?.ToLocation(), Arguments.Select(a => (object)a).ToArray());
    }
}
