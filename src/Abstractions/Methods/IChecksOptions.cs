namespace PeftU.Abstractions.Methods;

/// <summary>Optional, for methods whose options constrain each other (prompt_init=text needs prompt_init_text): the
/// problems of the current combination, so <c>plan</c> reports them at the option's line instead of <c>run</c> failing
/// after it has loaded the backbone and written part of the run folder. Empty when the options fit together.</summary>
public interface IChecksOptions
{
    IReadOnlyList<OptionError> OptionProblems();
}
