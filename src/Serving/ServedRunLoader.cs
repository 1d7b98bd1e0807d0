using PeftU.Abstractions;
using PeftU.Core.Adapters;
using PeftU.Core.Backbone;
using PeftU.Core.Checkpoints;
using PeftU.Core.Experiments;
using PeftU.Core.Results;

namespace PeftU.Serving;

/// <summary>Loads a run folder for serving: the backbone named in its manifest (in the dtype the run used), and per cell
/// saved by <c>--save-adapters</c> the task and method plugins with the run's options, each user's prompt material and
/// each trained user's module in a bank (spare slots for users added while serving).</summary>
public static class ServedRunLoader
{
    /// <summary>Spare slots per bank beyond the loaded users, so the first uploads need no bank growth.</summary>
    public const int SpareSlots = 8;

    public static ServingEngine Load(string runFolder, ServeSettings settings, Func<PluginKind, string, IPeftPlugin?> createPlugin)
    {
        var store = new ResultStore(runFolder);
        RunManifest manifest;
        try
        {
            manifest = store.ReadManifest();
        }
        catch (ResultStoreException e)
        {
            throw new ServeSetupException(e.Message);
        }
        string adapters = Path.Combine(store.Folder, "adapters");
        var saved = manifest.Cells.Where(c => File.Exists(Path.Combine(adapters, c.Task, c.Cell, ServingFiles.CellFile))).ToList();
        if (saved.Count == 0)
            throw new ServeSetupException($"{store.Folder}: no saved modules (adapters/<task>/<cell>/{ServingFiles.CellFile}); run `peftu run FILE --save-adapters` first");
        if (settings.Method is { } only)
        {
            var chosen = saved.Where(c => c.Cell == only || c.Method == only).ToList();
            if (chosen.Count == 0)
                throw new ServeSetupException($"--method: '{only}' is not a saved cell of {store.Folder}; saved: {string.Join(", ", saved.Select(c => c.Cell).Distinct())}");
            saved = chosen;
        }

        var dtype = manifest.Dtype == "bf16" ? BackboneDtype.Bf16 : BackboneDtype.Fp32;
        DeviceChoice device;
        try
        {
            device = BackboneDevice.Resolve(settings.Device);
        }
        catch (InvalidOperationException e)
        {
            throw new ServeSetupException($"--device: {e.Message}");
        }
        LoadedBackbone backbone;
        try
        {
            backbone = T5CheckpointLoader.Load(manifest.Backbone, dtype, device.Device, requireTokenizer: true);
        }
        catch (Exception e) when (e is BackboneException or InvalidOperationException)
        {
            throw new ServeSetupException($"{Path.Combine(store.Folder, ResultStore.ManifestFile)}: backbone: {e.Message}");
        }
        var cells = new List<ServedCell>();
        try
        {
            foreach (var manifestCell in saved)
                cells.Add(LoadCell(Path.Combine(adapters, manifestCell.Task, manifestCell.Cell), backbone, createPlugin));
        }
        catch
        {
            foreach (var cell in cells)
                cell.Dispose();
            backbone.Dispose();
            throw;
        }
        return new ServingEngine(backbone.Model, backbone.Tokenizer!, cells, settings.MaxBatch, TimeSpan.FromMilliseconds(settings.MaxWaitMs),
            ExperimentRunner.RowsPerPass(backbone.Config), settings.Method is { } m ? cells.FirstOrDefault(c => c.Info.Method == m || c.Info.Cell == m)?.Info.Cell : null)
        {
            Backbone = backbone.Folder,
            Owned = backbone,
        };
    }

    private static ServedCell LoadCell(string folder, LoadedBackbone backbone, Func<PluginKind, string, IPeftPlugin?> createPlugin)
    {
        ServingCell info;
        try
        {
            info = ServingFiles.ReadCell(folder);
        }
        catch (InvalidDataException e)
        {
            throw new ServeSetupException(e.Message);
        }
        var task = Create<IPeftTask>(createPlugin, PluginKind.Task, info.Task, info.TaskOptions, folder);
        SlotBank? bank = null;
        var users = Directory.EnumerateDirectories(folder).Where(d => File.Exists(Path.Combine(d, ServingFiles.UserFile))).Order(StringComparer.Ordinal).ToList();
        if (info.Trained)
        {
            var method = Create<IPeftMethod>(createPlugin, PluginKind.Method, info.Method, info.MethodOptions, folder);
            bank = new SlotBank(method, backbone.Model.Hooks, users.Count + SpareSlots, seed: 0);
        }
        var cell = new ServedCell(info, task, bank);
        try
        {
            foreach (string userFolder in users)
            {
                var user = ServingFiles.ReadUser(Path.Combine(userFolder, ServingFiles.UserFile));
                bank?.Put(user.User, userFolder);
                cell.SetPrompts(user);
            }
        }
        catch (Exception e) when (e is InvalidDataException or BackboneException)
        {
            cell.Dispose();
            throw new ServeSetupException(e.Message);
        }
        return cell;
    }

    private static T Create<T>(Func<PluginKind, string, IPeftPlugin?> createPlugin, PluginKind kind, string id, IReadOnlyDictionary<string, string> options, string folder)
        where T : class, IPeftPlugin
    {
        var plugin = createPlugin(kind, id) as T
            ?? throw new ServeSetupException($"{Path.Combine(folder, ServingFiles.CellFile)}: no {kind.ToString().ToLowerInvariant()} plugin '{id}' is installed (see peftu plugins)");
        try
        {
            plugin.Configure(options.ToDictionary(kv => kv.Key, kv => (object?)kv.Value));
        }
        catch (PluginOptionException e)
        {
            throw new ServeSetupException($"{Path.Combine(folder, ServingFiles.CellFile)}: {e.Message}");
        }
        return plugin;
    }
}

/// <summary>A run folder that cannot be served, said in one line.</summary>
public sealed class ServeSetupException(string message) : Exception(message);
