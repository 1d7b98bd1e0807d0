using System.Diagnostics;
using System.Text.Json.Nodes;

namespace PeftU.Serving.Tests;

/// <summary>Adding, replacing and removing modules while clients keep asking: every request is answered (nothing
/// lost), and every answer comes from its own user's module — the old one before the change, the new one after it,
/// never another user's.</summary>
[Collection(ServedRunCollection.Name)]
public sealed class HotSwapTests(ServedRun run)
{
    private const double Tolerance = 1e-3;

    /// <summary>A module with its owner's prompt material: the same module and prompts must give the same answer.</summary>
    private static readonly string[] WithPrompts = ["adapter_config.json", "adapter_model.safetensors", "prompt.json"];

    [Fact]
    public async Task Hot_add_replace_and_remove_under_concurrent_load_never_answer_with_another_users_module()
    {
        await using var server = await TestServer.StartAsync(run, new ServeSettings { Port = 0, AllowUploads = true, Token = TestServer.Token, MaxWaitMs = 5 });
        var texts = run.Recorded.Where(r => r.Cell == "lora").Select(r => r.Text).Distinct().Take(3).ToArray();
        var reference = new Dictionary<(string User, string Text), double[]>();
        foreach (string user in ServedRun.Users)
        {
            foreach (string text in texts)
                reference[(user, text)] = Scores((await server.PredictAsync(new { user, text, method = "lora" })).Body);
        }
        Assert.True(texts.Any(t => MaxDiff(reference[("user0002", t)], reference[("user0003", t)]) > 100 * Tolerance),
            "user0002's and user0003's modules must answer differently for the test to mean anything");

        string[] asked = [.. ServedRun.Users, "newbie"];
        var clock = Stopwatch.StartNew();
        var events = new Dictionary<string, (double Start, double End)>();
        var answered = new System.Collections.Concurrent.ConcurrentQueue<Answer>();
        int sent = 0;
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 6).Select(c => Task.Run(async () =>
        {
            for (int i = c; !stop.IsCancellationRequested; i++)
            {
                string user = asked[i % asked.Length];
                string text = texts[i / asked.Length % texts.Length];
                double start = clock.Elapsed.TotalSeconds;
                Interlocked.Increment(ref sent);
                var (status, body) = await server.PredictAsync(new { user, text, method = "lora" });
                answered.Enqueue(new Answer(user, text, start, clock.Elapsed.TotalSeconds, status, body));
            }
        })).ToList();

        // Each state lasts until every user has been asked and answered within it: a count, not a time, so a slow or
        // loaded machine makes the test longer, never weaker.
        async Task Settle(double since)
        {
            var deadline = clock.Elapsed + TimeSpan.FromMinutes(2);
            while (!asked.All(u => answered.Count(a => a.User == u && a.Start > since) >= 2))
            {
                if (clients.FirstOrDefault(c => c.IsFaulted) is { } failed)
                    await failed; // the client's own error, not a timeout
                Assert.True(clock.Elapsed < deadline, $"not every user answered twice within 2 minutes after {since:F3} s ({answered.Count} answers)");
                await Task.Delay(10);
            }
        }

        async Task Change(string name, Func<Task<(int Status, JsonNode Body)>> change, int expected)
        {
            await Settle(events.Count == 0 ? 0 : events.Values.Max(e => e.End));
            double start = clock.Elapsed.TotalSeconds;
            var (status, body) = await change();
            Assert.True(status == expected, $"{name}: {status} {body.ToJsonString()}");
            events[name] = (start, clock.Elapsed.TotalSeconds);
        }

        try
        {
            await Change("add", () => server.PutModuleAsync("newbie", "lora", run.ModuleFolder("lora", "user0001"), TestServer.Token, WithPrompts), 201);
            await Change("replace", () => server.PutModuleAsync("user0002", "lora", run.ModuleFolder("lora", "user0003"), TestServer.Token, WithPrompts), 200);
            await Change("remove", () => server.DeleteAsync("user0000", "lora"), 200);
            await Settle(events["remove"].End);
        }
        finally
        {
            await stop.CancelAsync(); // also when a change failed: no client keeps calling a server being disposed
        }
        await Task.WhenAll(clients);
        var answers = answered.ToList();

        Assert.Equal(sent, answers.Count);
        foreach (var (from, to) in new[] { (0.0, events["add"].Start), (events["add"].End, events["replace"].Start),
                     (events["replace"].End, events["remove"].Start), (events["remove"].End, double.MaxValue) })
            Assert.All(asked, u => Assert.Contains(answers, a => a.User == u && a.Start > from && a.End < to));
        foreach (var a in answers)
        {
            string what = $"{a.User} at {a.Start:F3}-{a.End:F3} s (add {events["add"]}, replace {events["replace"]}, remove {events["remove"]}): {a.Status} {a.Body.ToJsonString()}";
            switch (a.User)
            {
                case "newbie" when a.End < events["add"].Start:
                case "user0000" when a.Start > events["remove"].End:
                    Assert.True(a.Status == 404, what);
                    continue;
                case "newbie" when a.Start > events["add"].End:
                case "user0000" when a.End < events["remove"].Start:
                    Assert.True(a.Status == 200, what);
                    break;
                case "newbie" or "user0000":
                    Assert.True(a.Status is 200 or 404, what);
                    if (a.Status == 404)
                        continue;
                    break;
                default:
                    Assert.True(a.Status == 200, what);
                    break;
            }
            Assert.True((string)a.Body["module"]! == a.User, what);
            var scores = Scores(a.Body);
            bool Is(string owner) => MaxDiff(scores, reference[(owner, a.Text)]) < Tolerance;
            bool ok = a.User switch
            {
                "newbie" => Is("user0001"),
                "user0002" when a.End < events["replace"].Start => Is("user0002"),
                "user0002" when a.Start > events["replace"].End => Is("user0003"),
                "user0002" => Is("user0002") || Is("user0003"),
                _ => Is(a.User),
            };
            Assert.True(ok, "answered with another module: " + what);
        }
        Assert.Contains(answers, a => a.User == "user0002" && a.Start > events["replace"].End);
        Assert.Contains(answers, a => a.User == "newbie" && a.Start > events["add"].End);
        Assert.True(server.Engine.Metrics.MeanBatch > 1, $"mean rows per pass {server.Engine.Metrics.MeanBatch}");

        var (_, users) = await server.GetJsonAsync("/v1/users");
        var lora = users["cells"]!.AsArray().Single(c => (string)c!["method"]! == "lora")!;
        Assert.Equal(["newbie", "user0001", "user0002", "user0003"], lora["users"]!.AsArray().Select(u => (string)u!));
    }

    [Fact]
    public async Task A_full_bank_grows_and_keeps_every_module()
    {
        await using var server = await TestServer.StartAsync(run);
        string text = run.Recorded.First(r => r.Cell == "ia3").Text;
        var expected = new Dictionary<string, double[]>();
        foreach (string user in ServedRun.Users)
            expected[user] = Scores((await server.PredictAsync(new { user, text, method = "ia3" })).Body);
        // More uploads than spare slots: the bank doubles, copying every slot.
        for (int i = 0; i < ServedRunLoader.SpareSlots + 3; i++)
        {
            string owner = ServedRun.Users[i % 4];
            var (status, body) = await server.PutModuleAsync($"copy{i}", "ia3", run.ModuleFolder("ia3", owner), TestServer.Token, WithPrompts);
            Assert.True(status == 201, body.ToJsonString());
        }
        for (int i = 0; i < ServedRunLoader.SpareSlots + 3; i++)
            Assert.True(MaxDiff(Scores((await server.PredictAsync(new { user = $"copy{i}", text, method = "ia3" })).Body), expected[ServedRun.Users[i % 4]]) < Tolerance);
        foreach (string user in ServedRun.Users)
            Assert.True(MaxDiff(Scores((await server.PredictAsync(new { user, text, method = "ia3" })).Body), expected[user]) < Tolerance);
        var (_, users) = await server.GetJsonAsync("/v1/users");
        Assert.True((int)users["cells"]!.AsArray().Single(c => (string)c!["method"]! == "ia3")!["capacity"]! >= 4 + ServedRunLoader.SpareSlots + 3);
    }

    private static double[] Scores(JsonNode answer) =>
        [.. answer["scores"]!.AsObject().OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (double)kv.Value!)];

    private static double MaxDiff(double[] a, double[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Max();

    private sealed record Answer(string User, string Text, double Start, double End, int Status, JsonNode Body);
}
