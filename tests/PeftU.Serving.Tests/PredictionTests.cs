using System.Text.Json.Nodes;

namespace PeftU.Serving.Tests;

/// <summary>The served answers are the run's answers: every recorded test prediction of every method (zero-shot,
/// few-shot with its demos, and each trained method's module) comes back equal from the server, with all of them sent
/// at once so rows of different users and methods share forward passes; users without a module 404 or fall back to the
/// frozen backbone, whose answer is the zero-shot method's.</summary>
[Collection(ServedRunCollection.Name)]
public sealed class PredictionTests(ServedRun run)
{
    [Fact]
    public async Task Every_method_answers_as_the_run_recorded_in_mixed_batches()
    {
        await using var server = await TestServer.StartAsync(run);
        Assert.True(run.Recorded.Count >= ServedRun.Cells.Length * ServedRun.Users.Length, $"{run.Recorded.Count} recorded predictions");
        var requests = run.Recorded.Select(r => new { user = r.User, text = r.Text, method = r.Cell }).ToArray();

        // Each request on its own, concurrently: the server coalesces them.
        var single = await Task.WhenAll(requests.Select(r => server.PredictAsync(r)));
        for (int i = 0; i < requests.Length; i++)
        {
            var (status, answer) = single[i];
            var recorded = run.Recorded[i];
            Assert.Equal(200, status);
            // A generated answer may name several labels; the record keeps the one that matched the gold label, if any.
            var labels = answer["labels"]!.AsArray().Select(l => (string?)l).ToList();
            Assert.True(recorded.Generated is null ? (string?)answer["label"] == recorded.Predicted : labels.Contains(recorded.Predicted) || labels.Count == 0 && recorded.Predicted is null,
                $"{recorded.Cell} {recorded.User} '{recorded.Text}': served {answer.ToJsonString()}, recorded {recorded.Predicted}");
            Assert.Equal(recorded.Generated, (string?)answer["generated"]);
            bool trained = recorded.Cell is not ("zero-shot" or "few-shot");
            Assert.Equal(trained ? recorded.User : "base", (string)answer["module"]!);
            if (recorded.Cell == "lora-2")
            {
                Assert.Null(answer["scores"]);
                Assert.NotNull((string?)answer["generated"]);
            }
            else
            {
                Assert.Equal(3, answer["scores"]!.AsObject().Count);
            }
            Assert.False((bool)answer["fallback"]!);
        }

        // The batch form: the same answers, in request order.
        var (batchStatus, batch) = await server.PredictAsync(new { requests });
        Assert.Equal(200, batchStatus);
        var answers = batch["answers"]!.AsArray();
        Assert.Equal(requests.Length, answers.Count);
        for (int i = 0; i < requests.Length; i++)
        {
            Assert.Equal((string?)single[i].Body["label"], (string?)answers[i]!["label"]);
            Assert.Equal((string?)single[i].Body["generated"], (string?)answers[i]!["generated"]);
        }

        // Coalesced: fewer forward passes than requests, and /metrics says so.
        Assert.True(server.Engine.Metrics.MeanBatch > 1.5, $"mean rows per pass {server.Engine.Metrics.MeanBatch}");
        string metrics = await server.Client.GetStringAsync("/metrics");
        Assert.Contains($"peftu_requests_total{{endpoint=\"POST /v1/predict\",status=\"200\"}} {requests.Length + 1}", metrics);
        Assert.Contains("peftu_batch_rows_bucket{le=\"64\"}", metrics);
        Assert.Contains("peftu_request_seconds_count", metrics);
        Assert.Contains("peftu_users_loaded 32", metrics); // 8 trained cells × 4 users
    }

    [Fact]
    public async Task A_user_without_a_module_is_a_404_or_the_frozen_backbone_on_request()
    {
        await using var server = await TestServer.StartAsync(run);
        var zeroShot = run.Recorded.First(r => r.Cell == "zero-shot");

        var (status, body) = await server.PredictAsync(new { user = "stranger", text = zeroShot.Text, method = "lora" });
        Assert.Equal(404, status);
        Assert.Contains("user 'stranger' has no lora module for task synthetic", (string)body["error"]!);
        Assert.Contains("\"fallback\": true", (string)body["error"]!);

        (status, body) = await server.PredictAsync(new { user = "stranger", text = zeroShot.Text, method = "lora", fallback = true });
        Assert.Equal(200, status);
        Assert.Equal("base", (string)body["module"]!);
        Assert.True((bool)body["fallback"]!);
        Assert.Contains("frozen backbone", (string)body["note"]!);
        Assert.Equal(zeroShot.Predicted, (string)body["label"]!);

        // In one batch with users that have modules: each row gets its own (AdapterHub's mixed "no adapter" batches).
        var lora = run.Recorded.First(r => r.Cell == "lora");
        var (_, batch) = await server.PredictAsync(new
        {
            requests = new object[]
            {
                new { user = lora.User, text = lora.Text, method = "lora" },
                new { user = "stranger", text = zeroShot.Text, method = "lora", fallback = true },
                new { user = "stranger", text = zeroShot.Text, method = "lora" },
            },
        });
        var answers = batch["answers"]!.AsArray();
        Assert.Equal(lora.Predicted, (string)answers[0]!["label"]!);
        Assert.Equal(lora.User, (string)answers[0]!["module"]!);
        Assert.Equal(zeroShot.Predicted, (string)answers[1]!["label"]!);
        Assert.Equal(404, (int)answers[2]!["status"]!);

        // Zero-shot needs nothing per user: anyone is answered, by the backbone.
        (status, body) = await server.PredictAsync(new { user = "stranger", text = zeroShot.Text, method = "zero-shot" });
        Assert.Equal(200, status);
        Assert.Equal(zeroShot.Predicted, (string)body["label"]!);
    }

    [Fact]
    public async Task Health_users_and_the_page_are_served()
    {
        await using var server = await TestServer.StartAsync(run);
        var (status, health) = await server.GetJsonAsync("/v1/health");
        Assert.Equal(200, status);
        Assert.Equal("ok", (string)health["status"]!);
        Assert.Equal("fp32", (string)health["dtype"]!);
        Assert.Equal(ServedRun.Cells, health["tasks"]!["synthetic"]!.AsArray().Select(m => (string)m!));
        Assert.Equal(32, (int)health["users_loaded"]!);

        var (_, users) = await server.GetJsonAsync("/v1/users");
        var cells = users["cells"]!.AsArray();
        Assert.Equal(ServedRun.Cells.Length, cells.Count);
        var lora = cells.Single(c => (string)c!["method"]! == "lora")!;
        Assert.Equal(ServedRun.Users, lora["users"]!.AsArray().Select(u => (string)u!));
        Assert.Equal(12 * 64 * 8, (long)lora["parameters_per_user"]!);
        Assert.Equal(12 * 64 * 8 * 4, (long)lora["bytes_per_user"]!);
        Assert.True((int)lora["capacity"]! >= 4 + ServedRunLoader.SpareSlots);

        string page = await server.Client.GetStringAsync("/");
        Assert.Contains("<title>peftu serve</title>", page);
    }
}
