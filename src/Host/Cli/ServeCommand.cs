using System.CommandLine;
using System.Runtime.InteropServices;
using PeftU.Serving;

namespace PeftU.Host.Cli;

/// <summary><c>peftu serve --run DIR</c>: every saved user module of a run in banks on one backbone, answering mixed
/// batches over HTTP (loopback unless <c>--host</c> says otherwise). Ctrl-C (or SIGTERM) stops taking connections,
/// answers the requests in flight, then exits.</summary>
public static class ServeCommand
{
    public static Command Create(CliContext context, Option<string[]> pluginsDir)
    {
        var run = new ServeRunOptions();
        var host = new Option<string>("--host") { Description = "Address to listen on; anything but loopback must be asked for.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "TCP port (0: any free port, printed at start).", DefaultValueFactory = _ => 8080 }.Within(0, 65535);
        var maxBatch = new Option<int>("--max-batch") { Description = "Most predictions coalesced into one forward pass.", DefaultValueFactory = _ => 64 }.Within(1, 4096);
        var maxWait = new Option<double>("--max-wait-ms") { Description = "Longest a prediction waits for others to share its forward pass.", DefaultValueFactory = _ => 5 }.Within(0, 10_000);
        var uploads = new Option<bool>("--allow-uploads") { Description = "Allow PUT/DELETE /v1/users/{user}/{method} (needs --token or PEFTU_SERVE_TOKEN)." };
        var token = new Option<string?>("--token") { Description = "Bearer token for uploads (default: PEFTU_SERVE_TOKEN)." };
        var command = new Command("serve", "Serve personalized predictions of a run's saved modules over HTTP (POST /v1/predict, a page at /).");
        run.AddTo(command);
        command.Options.Add(host);
        command.Options.Add(port);
        command.Options.Add(maxBatch);
        command.Options.Add(maxWait);
        command.Options.Add(uploads);
        command.Options.Add(token);
        command.SetAction(parse =>
        {
            string? bearer = parse.GetValue(token) ?? context.GetEnvironmentVariable("PEFTU_SERVE_TOKEN");
            bool allowUploads = parse.GetValue(uploads);
            if (allowUploads && string.IsNullOrEmpty(bearer))
                throw new UsageException("--allow-uploads needs a bearer token: --token TOKEN or PEFTU_SERVE_TOKEN");
            var settings = new ServeSettings
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                MaxBatch = parse.GetValue(maxBatch),
                MaxWaitMs = parse.GetValue(maxWait),
                AllowUploads = allowUploads,
                Token = bearer,
            };
            using var engine = run.Load(parse, context, pluginsDir, settings);
            ServeApp app;
            try
            {
                app = ServeApp.StartAsync(engine, settings).GetAwaiter().GetResult();
            }
            catch (ServeSetupException e)
            {
                throw new UserFacingException(e.Message, e);
            }
            using var stop = new ManualResetEventSlim();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                stop.Set();
            };
            Console.CancelKeyPress += onCancel;
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, s =>
            {
                s.Cancel = true;
                stop.Set();
            });
            try
            {
                var cells = engine.Tasks.SelectMany(t => engine.Methods(t).Select(m => $"{t}/{m}"));
                context.Error.WriteLine($"peftu: serving {string.Join(", ", cells)} ({engine.UsersLoaded} user modules, backbone {engine.Dtype} on {engine.Device}); " +
                                        "Ctrl-C stops after answering the requests in flight");
                context.Out.WriteLine(app.Url);
                context.Out.Flush();
                stop.Wait();
                context.Error.WriteLine("peftu: stopping; answering the requests in flight");
                app.StopAsync().GetAwaiter().GetResult();
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
                app.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            context.Error.WriteLine("peftu: stopped");
            return ExitCodes.Success;
        });
        return command;
    }
}
