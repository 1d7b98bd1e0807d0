using System.Collections;
using System.Globalization;

namespace PeftU.Abstractions;

/// <summary>Converts and validates raw option values for generated <see cref="IPeftPlugin.Configure"/> code, collecting
/// every error before anything is applied. Values come typed from YAML or as text from <c>--set key=value</c>.</summary>
public sealed class OptionBinder
{
    private readonly PluginDescriptor _plugin;
    private readonly IReadOnlyDictionary<string, object?> _values;
    private readonly List<OptionError> _errors = [];

    public OptionBinder(PluginDescriptor plugin, IReadOnlyDictionary<string, object?> values)
    {
        _plugin = plugin;
        _values = values;
        foreach (string key in values.Keys.Where(k => plugin.FindOption(k) is null).OrderBy(k => k, StringComparer.Ordinal))
        {
            var near = NameSuggester.Nearest(key, plugin.Options.Select(o => o.Name));
            string valid = plugin.Options.Count == 0 ? "it has no options" : "valid: " + string.Join(", ", plugin.Options.Select(o => o.Name));
            string hint = near.Count > 0 ? $"did you mean '{near[0]}'? " : "";
            _errors.Add(new OptionError(key, null, $"unknown option for '{plugin.Id}'; {hint}{valid}"));
        }
    }

    public IReadOnlyList<OptionError> Errors => _errors;

    public int Int32(string name, int current) => Bind(name, current, raw => checked((int)ParseInteger(raw)));

    public long Int64(string name, long current) => Bind(name, current, ParseInteger);

    public double Double(string name, double current) => Bind(name, current, raw => raw switch
    {
        double d => d,
        float f => f,
        int or long or short or byte => Convert.ToDouble(raw, CultureInfo.InvariantCulture),
        string s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => throw new FormatException(),
    });

    public bool Boolean(string name, bool current) => Bind(name, current, raw => raw switch
    {
        bool b => b,
        string s when s.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        string s when s.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        _ => throw new FormatException(),
    });

    public string String(string name, string current) => Bind(name, current, raw => raw switch
    {
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new FormatException(),
    });

    /// <summary>A list from a YAML sequence or from comma-separated text ("q,k,v").</summary>
    public string[] StringList(string name, string[] current) => Bind(name, current, raw => raw switch
    {
        string s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        IEnumerable e => e.Cast<object?>().Select(x => OptionFormat.Format(x)).ToArray(),
        _ => throw new FormatException(),
    });

    public T Enum<T>(string name, T current) where T : struct, System.Enum => Bind(name, current, raw =>
    {
        string text = raw as string ?? throw new FormatException();
        foreach (T member in System.Enum.GetValues<T>())
        {
            if (Normalize(member.ToString()) == Normalize(text))
                return member;
        }
        throw new FormatException();
    });

    /// <summary>Throws one <see cref="PluginOptionException"/> with every error, if any.</summary>
    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
            throw new PluginOptionException(_plugin.Id, _errors);
    }

    private T Bind<T>(string name, T current, Func<object, T> convert)
    {
        if (!_values.TryGetValue(name, out object? raw))
            return current;
        OptionDescriptor option = _plugin.FindOption(name)
            ?? throw new InvalidOperationException($"generated code asked for unknown option '{name}'");
        if (raw is null)
        {
            _errors.Add(new OptionError(name, null, $"needs a {option.TypeName} value"));
            return current;
        }
        T value;
        try
        {
            value = convert(raw);
        }
        catch (Exception e) when (e is FormatException or OverflowException or InvalidCastException)
        {
            string allowed = option.ConstraintText.Length > 0 ? $" ({option.ConstraintText})" : "";
            _errors.Add(new OptionError(name, OptionFormat.Format(raw), $"'{OptionFormat.Format(raw)}' is not a valid {option.TypeName}{allowed}"));
            return current;
        }
        string? problem = Check(option, value);
        if (problem is not null)
        {
            _errors.Add(new OptionError(name, OptionFormat.Format(value), problem));
            return current;
        }
        return value;
    }

    private static string? Check(OptionDescriptor option, object? value)
    {
        string text = OptionFormat.Format(value);
        if (value is IConvertible number and not string and not bool and not System.Enum)
        {
            if (NumberRules.Problem(number.ToDouble(CultureInfo.InvariantCulture), option.Min, option.Max) is { } problem)
                return $"{text} {problem}";
        }
        if (option.AllowedValues.Count > 0 && option.Type is OptionType.String or OptionType.StringList)
        {
            IEnumerable<string> items = value as string[] ?? [text];
            var bad = items.Where(i => !option.AllowedValues.Contains(i)).ToList();
            if (bad.Count > 0)
                return $"'{string.Join(",", bad)}' is not allowed (allowed: {option.ConstraintText})";
        }
        return null;
    }

    private static long ParseInteger(object raw) => raw switch
    {
        int i => i,
        long l => l,
        short or byte => Convert.ToInt64(raw, CultureInfo.InvariantCulture),
        double d when d == Math.Floor(d) && !double.IsInfinity(d) => checked((long)d),
        string s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture),
        _ => throw new FormatException(),
    };

    private static string Normalize(string s) => s.Replace("-", "").Replace("_", "").ToLowerInvariant();
}
