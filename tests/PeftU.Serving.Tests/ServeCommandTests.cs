using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PeftU.Host.Cli;
using PeftU.Testing;

namespace PeftU.Serving.Tests;

/// <summary><c>peftu serve</c> as a real process (prints its URL, loopback by default; Ctrl-C answers the requests in
/// flight, then exits 0) and <c>peftu predict</c> (the same answers from the command line).</summary>
[Collection(ServedRunCollection.Name)]
public sealed class ServeCommandTests(ServedRun run)
{
    private static string HostDll => Path.Combine(AppContext.BaseDirectory, "peftu.dll");

    /// <summary>Ctrl-C as a terminal sends it: SIGINT to the process.</summary>
    private static void Interrupt(Process process)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    [Fact]
    public async Task Serve_prints_its_loopback_url_and_ctrl_c_drains_the_requests_in_flight()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { HostDll, "serve", "--run", run.Folder, "--port", "0", "--max-batch", "4", "--plugins-dir", RepoPaths.StagedPlugins })
            info.ArgumentList.Add(arg);
        using var child = Process.Start(info)!;
        // The child's streams are read on their own threads: blocking pipe reads must not hold the test's threads.
        var firstLine = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var errorText = new System.Text.StringBuilder();
        var readers = new[]
        {
            new Thread(() =>
            {
                firstLine.TrySetResult(child.StandardOutput.ReadLine());
                child.StandardOutput.ReadToEnd();
            }),
            new Thread(() =>
            {
                string? line;
                while ((line = child.StandardError.ReadLine()) is not null)
                {
                    lock (errorText)
                        errorText.AppendLine(line);
                }
            }),
        };
        foreach (var reader in readers)
            reader.Start();
        string Log()
        {
            lock (errorText)
                return errorText.ToString();
        }
        try
        {
            string? url = await firstLine.Task.WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(url is not null, Log());
            Assert.Matches(@"^http://127\.0\.0\.1:\d+$", url);
            using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
            Assert.Equal("ok", (string)JsonNode.Parse(await client.GetStringAsync("/v1/health"))!["status"]!);

            // A batch big enough to still be running when Ctrl-C arrives: it must be answered whole.
            var requests = Enumerable.Range(0, 40).SelectMany(_ => run.Recorded.Where(r => r.Cell == "p-tuning"))
                .Select(r => new { user = r.User, text = r.Text, method = r.Cell }).ToArray();
            var pending = client.PostAsJsonAsync("/v1/predict", new { requests });
            await WaitForQueue(client);
            Interrupt(child);
            using var response = await pending;
            Assert.Equal(200, (int)response.StatusCode);
            var answers = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["answers"]!.AsArray();
            Assert.Equal(requests.Length, answers.Count);
            Assert.All(answers, a => Assert.Null(a!["error"]));
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            foreach (var reader in readers)
                reader.Join();
            string log = Log();
            Assert.True(child.ExitCode == 0, log);
            Assert.Contains("peftu: stopping; answering the requests in flight", log);
            Assert.Contains("peftu: stopped", log);
        }
        finally
        {
            if (!child.HasExited)
                child.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Until the server has the batch queued (its health shows a queue), so the signal lands mid-request.</summary>
    private static async Task WaitForQueue(HttpClient client)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            if ((int)JsonNode.Parse(await client.GetStringAsync("/v1/health"))!["queue_depth"]! > 0)
                return;
            await Task.Delay(5);
        }
        throw new TimeoutException("the batch never reached the server's queue");
    }

    [Fact]
    public void Serve_refuses_uploads_without_a_token_and_a_run_without_saved_modules()
    {
        var (code, _, error) = Run(_ => null, "serve", "--run", run.Folder, "--allow-uploads", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("peftu: --allow-uploads needs a bearer token: --token TOKEN or PEFTU_SERVE_TOKEN", error);

        using var empty = new TempFolder("peftu-serve-empty");
        Directory.CreateDirectory(empty.Path);
        (code, _, error) = Run(_ => null, "serve", "--run", empty.Path, "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("peftu: ", error);

        (code, _, error) = Run(_ => null, "serve", "--run", Path.Combine(empty.Path, "absent"), "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("--run: no folder", error);
    }

    [Fact]
    public void Predict_answers_as_the_run_recorded()
    {
        foreach (var recorded in new[] { run.Recorded.First(r => r.Cell == "few-shot"), run.Recorded.First(r => r.Cell == "prefix-tuning") })
        {
            var (code, output, error) = Run(_ => null, "predict", "--run", run.Folder, "--user", recorded.User, "--text", recorded.Text,
                "--method", recorded.Cell, "--json", "--plugins-dir", RepoPaths.StagedPlugins);
            Assert.True(code == 0, error);
            var answer = JsonNode.Parse(output)!;
            Assert.Equal(recorded.Predicted, (string)answer["label"]!);
        }
        var (plainCode, plain, _) = Run(_ => null, "predict", "--run", run.Folder, "--user", "user0001", "--text", run.Recorded[0].Text,
            "--method", "lora", "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(0, plainCode);
        Assert.StartsWith("synthetic/lora user user0001 (module user0001): ", plain);

        var (missing, _, missingError) = Run(_ => null, "predict", "--run", run.Folder, "--user", "ghost", "--text", "hi", "--method", "lora",
            "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(ExitCodes.Failure, missing);
        Assert.Equal("peftu: user 'ghost' has no lora module for task synthetic (GET /v1/users lists the 4 served users); pass --fallback for the frozen backbone's answer",
            missingError.Trim());

        var (method, _, methodError) = Run(_ => null, "predict", "--run", run.Folder, "--user", "user0001", "--text", "hi", "--method", "lroa",
            "--plugins-dir", RepoPaths.StagedPlugins);
        Assert.Equal(ExitCodes.Failure, method);
        Assert.Contains("--method: 'lroa' is not a saved cell", methodError);
    }

    private static (int Code, string Out, string Error) Run(Func<string, string?> environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = PeftuCli.Run(args, new CliContext(output, error, environment));
        return (code, output.ToString(), error.ToString());
    }
}
