using System.Text;
using System.Text.Json.Nodes;

namespace PeftU.Serving.Tests;

/// <summary>A real server on a free loopback port (port 0) over a freshly loaded engine, and a client for it.</summary>
public sealed class TestServer : IAsyncDisposable
{
    public const string Token = "s3cret-token";

    private TestServer(ServingEngine engine, ServeApp app)
    {
        Engine = engine;
        App = app;
        Client = new HttpClient { BaseAddress = new Uri(app.Url), Timeout = TimeSpan.FromMinutes(2) };
    }

    public ServingEngine Engine { get; }
    public ServeApp App { get; }
    public HttpClient Client { get; }

    public static async Task<TestServer> StartAsync(ServedRun run, ServeSettings? settings = null)
    {
        settings ??= new ServeSettings { Port = 0, AllowUploads = true, Token = Token, MaxWaitMs = 10 };
        var engine = run.Engine(settings);
        try
        {
            return new TestServer(engine, await ServeApp.StartAsync(engine, settings));
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    public async Task<(int Status, JsonNode Body)> PostAsync(string path, string json)
    {
        using var response = await Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public Task<(int Status, JsonNode Body)> PredictAsync(object request) =>
        PostAsync("/v1/predict", System.Text.Json.JsonSerializer.Serialize(request));

    public async Task<(int Status, JsonNode Body)> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    /// <summary>PUT of a module folder's files (as multipart parts named by their file names).</summary>
    public async Task<(int Status, JsonNode Body)> PutModuleAsync(string user, string method, string folder, string? token = Token, params string[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (string name in files.Length > 0 ? files : ["adapter_config.json", "adapter_model.safetensors"])
            form.Add(new ByteArrayContent(File.ReadAllBytes(Path.Combine(folder, name))), name, name);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/users/{Uri.EscapeDataString(user)}/{method}") { Content = form };
        if (token is not null)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await Client.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public async Task<(int Status, JsonNode Body)> DeleteAsync(string user, string method, string? token = Token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/v1/users/{Uri.EscapeDataString(user)}/{method}");
        if (token is not null)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await Client.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Engine.Dispose();
    }
}
