using PeftU.Host.Cli;

return PeftuCli.Run(args, new CliContext(Console.Out, Console.Error, Environment.GetEnvironmentVariable));
