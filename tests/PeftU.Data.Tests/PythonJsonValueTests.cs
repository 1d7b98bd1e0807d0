using System.Text.Json;
using PeftU.Data.Format;

namespace PeftU.Data.Tests;

/// <summary>Copied JSON values come out as Python's <c>json.dumps(json.loads(raw))</c> (expected values from CPython 3.11).</summary>
public sealed class PythonJsonValueTests
{
    [Theory]
    [InlineData("1.0", "1.0")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("1e16", "1e+16")]
    [InlineData("1.5e-5", "1.5e-05")]
    [InlineData("123456789012345.6", "123456789012345.6")]
    [InlineData("0.1", "0.1")]
    [InlineData("-0.0", "-0.0")]
    [InlineData("1e22", "1e+22")]
    [InlineData("9999999999999998.0", "9999999999999998.0")]
    [InlineData("1e400", "Infinity")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("100.0", "100.0")]
    [InlineData("12345678901234567890", "12345678901234567890")]
    [InlineData("-0", "0")]
    public void Numbers_are_written_as_python_writes_them(string raw, string expected) =>
        Assert.Equal(expected, PythonJsonValue.Number(raw));

    [Fact]
    public void Nested_values_keep_key_order_and_escape_non_ascii()
    {
        using var document = JsonDocument.Parse("""{"b":[1,0,1.50],"a":{"é":"ü\n"},"c":[true,false,null]}""");
        Assert.Equal("""{"b": [1, 0, 1.5], "a": {"\u00e9": "\u00fc\n"}, "c": [true, false, null]}""", PythonJsonValue.ToJson(document.RootElement));
    }
}
