using System.Text.Json.Nodes;
using PeftU.Core.Checkpoints;
using PeftU.Testing;
using static TorchSharp.torch;

namespace PeftU.Serving.Tests;

/// <summary>Bad requests get a status and one line naming what is wrong and the valid choices; module changes need
/// <c>--allow-uploads</c> and the bearer token; a mis-shaped module is refused naming the tensor and changes nothing.</summary>
[Collection(ServedRunCollection.Name)]
public sealed class BadInputTests(ServedRun run)
{
    [Fact]
    public async Task Bad_requests_name_the_field_and_the_choices()
    {
        await using var server = await TestServer.StartAsync(run);
        var text = run.Recorded[0].Text;

        async Task Expect(int status, string body, string error)
        {
            var (s, b) = await server.PostAsync("/v1/predict", body);
            Assert.True(s == status, $"{body}: {s} {b.ToJsonString()}");
            Assert.Contains(error, (string)b["error"]!);
        }

        await Expect(400, "{\"user\": \"user0000\", \"text\": ", "malformed JSON at line 1");
        await Expect(400, "[1, 2]", "the body must be a JSON object, not an array");
        await Expect(400, "{\"text\": \"hi\", \"method\": \"lora\"}", "user: missing");
        await Expect(400, "{\"user\": \"user0000\", \"method\": \"lora\"}", "text: missing");
        await Expect(400, "{\"user\": 7, \"text\": \"hi\"}", "user: must be a string, not a number");
        await Expect(400, "{\"user\": \"user0000\", \"text\": \"hi\", \"methd\": \"lora\"}", "methd: unknown field; valid: user, text, task, method, fallback");
        await Expect(400, "{\"user\": \"user0000\", \"text\": \"hi\", \"task\": \"tweeteval\", \"method\": \"lora\"}", "task: unknown 'tweeteval'; served tasks: synthetic");
        await Expect(400, "{\"user\": \"user0000\", \"text\": \"hi\", \"method\": \"loar\"}",
            "method: unknown 'loar' for task synthetic; served methods: zero-shot, few-shot, lora, ia3, adapter-houlsby, adapter-pfeiffer, prompt-tuning, prefix-tuning, p-tuning, lora-2");
        await Expect(400, "{\"user\": \"user0000\", \"text\": \"hi\"}", "method: missing; synthetic is served with several methods");
        await Expect(400, "{\"requests\": [{\"user\": \"user0000\", \"text\": \"hi\", \"method\": \"lora\"}, {\"text\": \"hi\"}]}", "requests[1].user: missing");
        await Expect(400, "{\"requests\": [{\"user\": \"user0000\", \"text\": \"hi\", \"method\": \"nope\"}]}", "requests[0].method: unknown 'nope'");
        await Expect(400, "{\"requests\": []}", "requests: empty");
        await Expect(404, "{\"user\": \"user9999\", \"text\": \"hi\", \"method\": \"ia3\"}", "user 'user9999' has no ia3 module");

        // A body over the limit (1 MiB) is refused on its declared length, before any of it is read. The client asks first
        // (Expect: 100-continue), as large uploads should: without that it may still be writing when the server answers
        // and closes, and then sees a broken pipe instead of the 413 (HTTP/1.1 allows the server to close).
        string huge = "{\"user\": \"user0000\", \"method\": \"lora\", \"text\": \"" + new string('a', 2 << 20) + "\"}";
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/v1/predict") { Content = new StringContent(huge, System.Text.Encoding.UTF8, "application/json") })
        {
            request.Headers.ExpectContinue = true;
            using var response = await server.Client.SendAsync(request);
            Assert.Equal(413, (int)response.StatusCode);
            Assert.Contains("request body", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!);
        }

        // A text longer than the backbone's input limit is cut as the run cuts prompts, and the answer says so.
        string longText = string.Join(' ', Enumerable.Repeat(text, 200));
        var (status, answer) = await server.PredictAsync(new { user = "user0000", text = longText, method = "lora" });
        Assert.Equal(200, status);
        Assert.True((bool)answer["truncated"]!);
        Assert.Equal(512, (int)answer["input_tokens"]!);
        (status, answer) = await server.PredictAsync(new { user = "user0000", text, method = "lora" });
        Assert.False((bool)answer["truncated"]!);

        var (missing, body) = await server.GetJsonAsync("/v2/predict");
        Assert.Equal(404, missing);
        Assert.Contains("no endpoint GET /v2/predict", (string)body["error"]!);
    }

    [Fact]
    public async Task Module_changes_need_uploads_on_and_the_token()
    {
        await using (var closed = await TestServer.StartAsync(run, new ServeSettings { Port = 0 }))
        {
            var (status, body) = await closed.PutModuleAsync("newbie", "lora", run.ModuleFolder("lora", "user0001"));
            Assert.Equal(403, status);
            Assert.Contains("--allow-uploads", (string)body["error"]!);
            (status, _) = await closed.DeleteAsync("user0001", "lora");
            Assert.Equal(403, status);
            Assert.StartsWith("http://127.0.0.1:", closed.App.Url);
        }
        await using var server = await TestServer.StartAsync(run);
        var (s, b) = await server.PutModuleAsync("newbie", "lora", run.ModuleFolder("lora", "user0001"), token: null);
        Assert.Equal(401, s);
        Assert.Contains("missing Authorization: Bearer", (string)b["error"]!);
        (s, b) = await server.PutModuleAsync("newbie", "lora", run.ModuleFolder("lora", "user0001"), token: "guess");
        Assert.Equal(401, s);
        Assert.Contains("wrong bearer token", (string)b["error"]!);
        (s, _) = await server.DeleteAsync("user0001", "lora", token: "guess");
        Assert.Equal(401, s);
        (s, b) = await server.PutModuleAsync("newbie", "zero-shot", run.ModuleFolder("lora", "user0001"));
        Assert.Equal(400, s);
        Assert.Contains("zero-shot is a frozen method", (string)b["error"]!);
        (s, b) = await server.DeleteAsync("nobody", "lora");
        Assert.Equal(404, s);

        await Assert.ThrowsAsync<ServeSetupException>(() => ServeApp.StartAsync(server.Engine, new ServeSettings { Port = 0, AllowUploads = true }));
    }

    [Fact]
    public async Task A_mis_shaped_module_is_refused_naming_the_tensor_and_nothing_is_replaced()
    {
        await using var server = await TestServer.StartAsync(run);
        var sample = run.Recorded.First(r => r.Cell == "lora" && r.User == "user0002");
        var (_, before) = await server.PredictAsync(new { user = "user0002", text = sample.Text, method = "lora" });

        using var temp = new TempFolder("peftu-bad-module");
        Directory.CreateDirectory(temp.Path);
        string source = run.ModuleFolder("lora", "user0003");
        File.Copy(Path.Combine(source, "adapter_config.json"), Path.Combine(temp.Path, "adapter_config.json"));
        using (var reader = SafetensorsReader.Open(Path.Combine(source, "adapter_model.safetensors")))
        {
            using var scope = NewDisposeScope();
            var tensors = reader.Entries.Keys.ToDictionary(k => k, k => reader.Read(k));
            string victim = tensors.Keys.Order(StringComparer.Ordinal).First(k => k.Contains("lora_A", StringComparison.Ordinal));
            tensors[victim] = zeros(4, tensors[victim].shape[1]);
            SafetensorsWriter.Write(Path.Combine(temp.Path, "adapter_model.safetensors"), tensors, new Dictionary<string, string> { ["format"] = "pt" });
            var (status, body) = await server.PutModuleAsync("user0002", "lora", temp.Path);
            Assert.Equal(400, status);
            Assert.Contains(victim, (string)body["error"]!);
        }

        // A module with other options (r=4 where the cell serves r=8) is refused by its config, naming the option.
        string config = File.ReadAllText(Path.Combine(source, "adapter_config.json")).Replace("\"r\": \"8\"", "\"r\": \"4\"");
        File.WriteAllText(Path.Combine(temp.Path, "adapter_config.json"), config);
        File.Copy(Path.Combine(source, "adapter_model.safetensors"), Path.Combine(temp.Path, "adapter_model.safetensors"), overwrite: true);
        var (s, b) = await server.PutModuleAsync("user0002", "lora", temp.Path);
        Assert.Equal(400, s);
        Assert.Contains("r is '4', the cell's is '8'", (string)b["error"]!);

        // Another method's module: refused by its peftu_method.
        (s, b) = await server.PutModuleAsync("user0002", "lora", run.ModuleFolder("ia3", "user0003"));
        Assert.Equal(400, s);
        Assert.Contains("peftu_method is 'ia3'", (string)b["error"]!);

        (s, b) = await server.PutModuleAsync("user0002", "lora", source, TestServer.Token, "adapter_config.json");
        Assert.Equal(400, s);
        Assert.Contains("adapter_model.safetensors: missing from the upload", (string)b["error"]!);

        var (_, after) = await server.PredictAsync(new { user = "user0002", text = sample.Text, method = "lora" });
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.Equal("user0002", (string)after["module"]!);
    }
}
