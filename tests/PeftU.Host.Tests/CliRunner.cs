using PeftU.Host.Cli;

namespace PeftU.Host.Tests;

/// <summary>Runs the CLI in-process with captured output and a given environment.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Error) Run(params string[] args) => RunWith(_ => null, args);

    public static (int Code, string Out, string Error) RunWith(Func<string, string?> environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = PeftuCli.Run(args, new CliContext(output, error, environment));
        return (code, output.ToString(), error.ToString());
    }
}
