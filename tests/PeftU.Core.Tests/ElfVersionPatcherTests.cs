namespace PeftU.Core.Tests;

/// <summary>The Debian 12 build step (build/ElfVersionPatcher.cs) on the real TorchSharp native library.</summary>
public sealed class ElfVersionPatcherTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string PackageCopy()
    {
        string home = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return Path.Combine(home, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
    }

    private static string OutputCopy() =>
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void The_package_library_requires_the_version_strictly_and_marking_it_weak_changes_only_that_flag()
    {
        byte[] original = File.ReadAllBytes(PackageCopy());
        Assert.Equal(0, ElfVersionPatcher.ReadVersionNeeds(original)[Version] & ElfVersionPatcher.VerFlgWeak);

        byte[] patched = (byte[])original.Clone();
        int changed = ElfVersionPatcher.MarkWeak(patched, Version);

        Assert.Equal(1, changed);
        var needs = ElfVersionPatcher.ReadVersionNeeds(patched);
        Assert.Equal(ElfVersionPatcher.VerFlgWeak, needs[Version] & ElfVersionPatcher.VerFlgWeak);
        Assert.Equal(ElfVersionPatcher.ReadVersionNeeds(original).Keys.Order(), needs.Keys.Order());
        Assert.Equal(1, original.Zip(patched).Count(p => p.First != p.Second));
    }

    [Fact]
    public void Patching_is_idempotent()
    {
        byte[] bytes = File.ReadAllBytes(PackageCopy());
        ElfVersionPatcher.MarkWeak(bytes, Version);
        byte[] once = (byte[])bytes.Clone();

        Assert.Equal(0, ElfVersionPatcher.MarkWeak(bytes, Version));
        Assert.Equal(once, bytes);
    }

    [Fact]
    public void The_build_patched_the_output_copy_and_never_the_package_cache()
    {
        bool systemProvides = ElfVersionPatcher.FindProvider(Version, ElfVersionPatcher.SplitPaths("")) is not null;
        ushort output = ElfVersionPatcher.ReadVersionNeeds(File.ReadAllBytes(OutputCopy()))[Version];
        ushort package = ElfVersionPatcher.ReadVersionNeeds(File.ReadAllBytes(PackageCopy()))[Version];

        Assert.Equal(0, package & ElfVersionPatcher.VerFlgWeak);
        // Where the system libstdc++ is new enough the step is a no-op; elsewhere the output copy must be weak.
        Assert.Equal(systemProvides ? 0 : ElfVersionPatcher.VerFlgWeak, output & ElfVersionPatcher.VerFlgWeak);
    }

    [Fact]
    public void A_system_library_that_defines_the_version_is_detected()
    {
        string dir = Directory.CreateTempSubdirectory("peftu-elf").FullName;
        string fake = Path.Combine(dir, "libstdc++.so.6");
        File.WriteAllBytes(fake, [.. "\0GLIBCXX_3.4.31\0"u8.ToArray(), .. "GLIBCXX_3.4.32\0"u8.ToArray()]);
        string old = Path.Combine(dir, "old.so.6");
        File.WriteAllBytes(old, "\0GLIBCXX_3.4.30\0GLIBCXX_3.4.321"u8.ToArray());

        Assert.Equal(fake, ElfVersionPatcher.FindProvider(Version, [old, fake]));
        Assert.Null(ElfVersionPatcher.FindProvider(Version, [old, Path.Combine(dir, "absent")]));
    }

    [Fact]
    public void PatchFile_replaces_the_file_so_a_hard_link_to_the_cache_is_not_written_through()
    {
        string dir = Directory.CreateTempSubdirectory("peftu-elf").FullName;
        string cache = Path.Combine(dir, "cache.so");
        string output = Path.Combine(dir, "output.so");
        File.Copy(PackageCopy(), cache);
        Assert.True(Link(cache, output), "could not create a hard link for the test");

        Assert.Equal(1, ElfVersionPatcher.PatchFile(output, Version));

        Assert.Equal(0, ElfVersionPatcher.ReadVersionNeeds(File.ReadAllBytes(cache))[Version] & ElfVersionPatcher.VerFlgWeak);
        Assert.Equal(ElfVersionPatcher.VerFlgWeak, ElfVersionPatcher.ReadVersionNeeds(File.ReadAllBytes(output))[Version] & ElfVersionPatcher.VerFlgWeak);
        Assert.Equal(0, ElfVersionPatcher.PatchFile(output, Version));
    }

    [Fact]
    public void Non_elf_input_is_rejected_with_a_reason()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.MarkWeak(new byte[128], Version));
        Assert.Equal("not an ELF file", error.Message);
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int link(string existing, string created);

    private static bool Link(string existing, string created) => link(existing, created) == 0;
}
