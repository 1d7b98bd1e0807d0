using System.CommandLine;
using PeftU.Abstractions;

namespace PeftU.Host.Cli;

/// <summary>Range checks for numeric options through <see cref="NumberRules"/>, the check plugin options and experiment
/// files use: NaN, ±∞ and out-of-range values are parse errors (exit 2, with usage), never reach a command.</summary>
internal static class NumberOptions
{
    public static Option<T> Within<T>(this Option<T> option, double? min, double? max, bool positive = false)
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count == 0)
                return;
            object? value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return;  // not a number of type T: the parser reports that itself
            }
            if (value is null)
                return;
            double number = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
            string? problem = NumberRules.Problem(number, min, max);
            if (problem is null && positive && number <= 0)
                problem = "must be positive";
            if (problem is not null)
                result.AddError($"{option.Name} {OptionFormat.Format(value)} {problem}.");
        });
        return option;
    }
}
