using PeftU.Abstractions;
using PeftU.Host.Plugins;
using PeftU.Testing;

namespace PeftU.Host.Tests;

public sealed class PluginIsolationTests
{
    private static PluginCatalog LoadScenario(string scenario) => PluginCatalogLoader.Load([RepoPaths.TestPlugins(scenario)]);

    [Fact]
    public void Two_plugins_with_different_versions_of_one_library_both_load_and_work_in_one_process()
    {
        PluginCatalog catalog = LoadScenario("isolation");

        Assert.Empty(catalog.Failures);
        string newer = catalog.Find(PluginKind.Method, "json-new").Create().ToString()!;
        string older = catalog.Find(PluginKind.Method, "json-old").Create().ToString()!;
        Assert.Equal("13.0.0.0 {\"label\":\"probe\"}", newer);
        Assert.Equal("12.0.0.0 {\"label\":\"probe\"}", older);
    }

    [Fact]
    public void Plugins_share_the_hosts_contracts_so_instances_cast_to_host_interfaces()
    {
        LoadedPlugin plugin = LoadScenario("isolation").Find(PluginKind.Method, "json-new");

        IPeftPlugin instance = plugin.Create();

        Assert.IsAssignableFrom<IPeftMethod>(instance);
        Assert.Same(typeof(IPeftPlugin).Assembly, instance.GetType().GetInterface(nameof(IPeftPlugin))!.Assembly);
    }

    [Fact]
    public void A_plugin_that_throws_on_construction_is_reported_by_name_and_reason_while_others_load()
    {
        PluginCatalog catalog = LoadScenario("faulty");

        PluginFailure failure = Assert.Single(catalog.Failures, f => f.Name.Contains("PeftU.TestPlugins.Throws"));
        Assert.Contains("throws-on-construction", failure.Name);
        Assert.Contains("InvalidOperationException: deliberate failure in the plugin constructor", failure.Reason);
        Assert.Equal("4", catalog.Find(PluginKind.Method, "healthy").Create().GetOptionValues()["size"]);
    }

    [Fact]
    public void A_plugin_missing_a_dependency_is_reported_with_the_missing_assembly()
    {
        PluginCatalog catalog = LoadScenario("faulty");

        PluginFailure failure = Assert.Single(catalog.Failures, f => f.Name.Contains("PeftU.TestPlugins.MissingDependency"));
        Assert.Contains("missing dependency", failure.Reason);
        Assert.Contains("PeftU.TestPlugins.AbsentLibrary", failure.Reason);
        Assert.Contains(catalog.Plugins, p => p.Descriptor.Id == "healthy");
    }

    [Fact]
    public void A_plugin_that_ships_its_own_libtorch_is_refused_before_loading()
    {
        PluginCatalog catalog = LoadScenario("faulty");

        PluginFailure failure = Assert.Single(catalog.Failures, f => f.Name == "PeftU.TestPlugins.BringsTorch");
        Assert.Contains("ships its own native torch", failure.Reason);
        Assert.Contains("runtimes/linux-x64/native/libtorch_cpu.so", failure.Reason);
        Assert.DoesNotContain(catalog.Plugins, p => p.Descriptor.Id == "brings-torch");
        // The process is still alive and torch still works in it.
        Assert.Equal(4f, TorchSharp.torch.ones(2, 2).sum().item<float>());
    }

    [Fact]
    public void Two_plugins_claiming_the_same_id_is_an_error_naming_both_assemblies()
    {
        PluginCatalog catalog = LoadScenario("duplicate");

        PluginFailure failure = Assert.Single(catalog.Failures);
        Assert.Contains("'same-id'", failure.Reason);
        Assert.Contains("PeftU.TestPlugins.DuplicateA", failure.Reason);
        Assert.Contains("PeftU.TestPlugins.DuplicateB", failure.Reason);
        Assert.Empty(catalog.Plugins);
    }

    [Fact]
    public void A_missing_plugins_folder_is_reported_not_thrown()
    {
        PluginCatalog catalog = PluginCatalogLoader.Load([Path.Combine(Path.GetTempPath(), "peftu-no-such-folder")]);

        Assert.Contains("does not exist", Assert.Single(catalog.Failures).Reason);
    }

    [Fact]
    public void Unknown_ids_list_valid_choices_and_the_nearest_name()
    {
        PluginCatalog catalog = LoadScenario("faulty");

        var error = Assert.Throws<KeyNotFoundException>(() => catalog.Find(PluginKind.Method, "helthy"));
        Assert.Equal("Unknown method 'helthy'. Did you mean 'healthy'? Valid: healthy.", error.Message);
    }
}
