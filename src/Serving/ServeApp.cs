using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PeftU.Core.Adapters;

namespace PeftU.Serving;

/// <summary>The HTTP face of a <see cref="ServingEngine"/> (Kestrel, minimal APIs): predictions, users, health, metrics,
/// module uploads and the page at <c>/</c>. Binds to loopback unless told otherwise.</summary>
public sealed class ServeApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServeApp(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:8080</c> (the chosen port when started with port 0).</summary>
    public string Url { get; }

    public static async Task<ServeApp> StartAsync(ServingEngine engine, ServeSettings settings)
    {
        var address = settings.Host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(settings.Host, out var parsed) ? parsed
            : throw new ServeSetupException($"--host: '{settings.Host}' is not an IP address (e.g. 127.0.0.1, ::1, 0.0.0.0)");
        if (settings.AllowUploads && string.IsNullOrEmpty(settings.Token))
            throw new ServeSetupException("--allow-uploads needs a bearer token: --token TOKEN or PEFTU_SERVE_TOKEN");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "peftu-serve" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(address, settings.Port);
            k.Limits.MaxRequestBodySize = Math.Max(settings.MaxBodyBytes, settings.MaxUploadBytes);
            k.AddServerHeader = false;
        });
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = settings.MaxUploadBytes);
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(30));
        var app = builder.Build();
        Map(app, engine, settings);
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new ServeSetupException($"cannot listen on {settings.Host}:{settings.Port} ({e.Message})");
        }
        string url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServeApp(app, url);
    }

    /// <summary>Stops taking connections and waits for the requests in flight to be answered.</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static void Map(WebApplication app, ServingEngine engine, ServeSettings settings)
    {
        app.Use(async (context, next) =>
        {
            var clock = Stopwatch.StartNew();
            await next(context);
            string endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "other";
            engine.Metrics.Request($"{context.Request.Method} {endpoint}", context.Response.StatusCode, clock.Elapsed.TotalSeconds);
        });

        string page = Page();
        app.MapGet("/", () => Results.Content(page, "text/html; charset=utf-8"));
        app.MapGet("/v1/health", () => Json(200, new
        {
            status = "ok",
            backbone = engine.Backbone,
            dtype = engine.Dtype,
            device = engine.Device,
            tasks = engine.Tasks.ToDictionary(t => t, engine.Methods),
            default_method = engine.DefaultMethod,
            users_loaded = engine.UsersLoaded,
            queue_depth = engine.QueueDepth,
            max_batch = settings.MaxBatch,
            max_wait_ms = settings.MaxWaitMs,
            uploads = settings.AllowUploads,
        }));
        app.MapGet("/v1/users", async () => Json(200, new { cells = await engine.ListAsync() }));
        app.MapGet("/metrics", () => Results.Text(engine.Metrics.Text(engine.QueueDepth, engine.UsersLoaded), "text/plain; version=0.0.4"));
        app.MapPost("/v1/predict", (Func<HttpContext, Task<IResult>>)(context => Guarded(() => Predict(context, engine, settings))));
        app.MapPut("/v1/users/{user}/{method}", (HttpContext context, string user, string method, string? task) =>
            Guarded(() => Upload(context, engine, settings, user, method, task)));
        app.MapDelete("/v1/users/{user}/{method}", (HttpContext context, string user, string method, string? task) => Guarded(async () =>
        {
            Authorize(context, settings);
            var (t, m) = engine.Route(new PredictRequest(user, "", task, method));
            return await engine.RemoveAsync(t, m, user)
                ? Json(200, new { removed = user, task = t, method = m })
                : Json(404, new { error = $"user '{user}' has no {m} module for task {t}" });
        }));
        app.MapFallback((Func<HttpContext, IResult>)(context => Json(404, new { error = $"no endpoint {context.Request.Method} {context.Request.Path}; see GET /v1/health" })));
    }

    private static async Task<IResult> Predict(HttpContext context, ServingEngine engine, ServeSettings settings)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = settings.MaxBodyBytes;
        var body = await ReadBody(context.Request, settings.MaxBodyBytes);
        var (requests, batch) = PredictJson.Parse(body, settings.MaxRequestsPerCall);
        if (!batch)
            return Json(200, await engine.PredictAsync(requests[0]));
        for (int i = 0; i < requests.Count; i++)
        {
            try
            {
                engine.Route(requests[i]);
            }
            catch (ServeException e)
            {
                throw new ServeException(e.Status, $"requests[{i}].{e.Message}");
            }
        }
        var pending = requests.Select(engine.PredictAsync).ToList();
        var answers = new List<object>();
        foreach (var task in pending)
        {
            try
            {
                answers.Add(await task);
            }
            catch (ServeException e)
            {
                answers.Add(new { error = e.Message, status = e.Status });
            }
        }
        return Json(200, new { answers });
    }

    private static async Task<IResult> Upload(HttpContext context, ServingEngine engine, ServeSettings settings, string user, string method, string? task)
    {
        Authorize(context, settings);
        var (t, m) = engine.Route(new PredictRequest(user, "", task, method));
        if (!context.Request.HasFormContentType)
            throw ServeException.BadRequest($"send multipart/form-data with the files {AdapterStore.ConfigFile} and {AdapterStore.WeightsFile} (and optionally {ServingFiles.UserFile})");
        var form = await context.Request.ReadFormAsync();
        IFormFile? File(string name) => form.Files.FirstOrDefault(f => f.FileName == name) ?? form.Files.GetFile(name);
        string folder = Path.Combine(Path.GetTempPath(), $"peftu-upload-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        try
        {
            foreach (string name in new[] { AdapterStore.ConfigFile, AdapterStore.WeightsFile })
            {
                var file = File(name) ?? throw ServeException.BadRequest($"{name}: missing from the upload (form files: {string.Join(", ", form.Files.Select(f => f.FileName))})");
                await using var stream = System.IO.File.Create(Path.Combine(folder, name));
                await file.CopyToAsync(stream);
            }
            ServingUser? prompts = null;
            if (File(ServingFiles.UserFile) is { } promptFile)
            {
                using var reader = new StreamReader(promptFile.OpenReadStream(), Encoding.UTF8);
                try
                {
                    prompts = ServingFiles.ParseUser(await reader.ReadToEndAsync(), ServingFiles.UserFile);
                }
                catch (InvalidDataException e)
                {
                    throw ServeException.BadRequest(e.Message);
                }
            }
            bool replaced = await engine.PutAsync(t, m, user, folder, prompts);
            return Json(replaced ? 200 : 201, new { user, task = t, method = m, replaced });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>PUT and DELETE change what users get: only with <c>--allow-uploads</c> (else 403) and the bearer token
    /// (else 401).</summary>
    private static void Authorize(HttpContext context, ServeSettings settings)
    {
        if (!settings.AllowUploads)
            throw new ServeException(403, "module changes are off; start peftu serve with --allow-uploads and --token (or PEFTU_SERVE_TOKEN)");
        string header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        bool ok = header.StartsWith(scheme, StringComparison.Ordinal) &&
                  CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..]), Encoding.UTF8.GetBytes(settings.Token!));
        if (!ok)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            throw new ServeException(401, header.Length == 0 ? "missing Authorization: Bearer TOKEN" : "wrong bearer token");
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBody(HttpRequest request, long max)
    {
        // Refused on its declared length before any of it is read: a client that sent `Expect: 100-continue` then never
        // sends the body (one that did not may see the connection close while it is still writing: HTTP/1.1 allows it).
        if (request.ContentLength > max)
            throw new ServeException(413, $"request body of {request.ContentLength} bytes is over {max} bytes");
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk)) > 0)
        {
            if (buffer.Length + read > max)
                throw new ServeException(413, $"request body over {max} bytes");
            buffer.Write(chunk, 0, read);
        }
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static async Task<IResult> Guarded(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (ServeException e)
        {
            return Json(e.Status, new { error = e.Message });
        }
        catch (BadHttpRequestException e)
        {
            return Json(e.StatusCode, new { error = e.StatusCode == 413 ? "request body too large" : e.Message });
        }
        catch (InvalidDataException e)
        {
            // Form reading: a multipart section over the limit or malformed.
            return Json(e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase) ? 413 : 400, new { error = e.Message });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Json(500, new { error = $"internal error ({e.GetType().Name}: {e.Message.Split('\n')[0]}); this is a bug" });
        }
    }

    private static IResult Json(int status, object value) => Results.Json(value, ServeJson.Options, statusCode: status);

    private static string Page()
    {
        using var stream = typeof(ServeApp).Assembly.GetManifestResourceStream("PeftU.Serving.index.html")
                           ?? throw new InvalidOperationException("the page resource is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
