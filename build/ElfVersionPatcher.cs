// Compiled by MSBuild's RoslynCodeTaskFactory (build/TorchNative.targets) and by PeftU.Core.Tests.
#nullable disable
// Why it exists: TorchSharp 0.107's libLibTorchSharp.so asks for symbol version GLIBCXX_3.4.32 (GCC 13), which
// Debian 12's libstdc++ lacks, so the first torch call fails to load the library. The only symbol bound to that
// version is a marker (_ZSt21ios_base_library_initv) with no relocations, so marking the version requirement
// VER_FLG_WEAK in the *output copy* makes glibc tolerate its absence. See ../shared/PLATFORM.md.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class PatchElfVersionNeeds : Microsoft.Build.Utilities.Task
{
    /// <summary>Folder searched recursively for <see cref="FileName"/> (an output or publish folder).</summary>
    [Required]
    public string Directory { get; set; } = "";

    public string FileName { get; set; } = "libLibTorchSharp.so";

    /// <summary>The version requirement to relax; only ones known to bind marker symbols belong here.</summary>
    public string VersionName { get; set; } = "GLIBCXX_3.4.32";

    /// <summary>Semicolon-separated libstdc++ paths to probe; empty means the usual system locations.</summary>
    public string SystemLibraries { get; set; } = "";

    public override bool Execute()
    {
        if (!System.IO.Directory.Exists(Directory))
            return true;
        string provider = ElfVersionPatcher.FindProvider(VersionName, ElfVersionPatcher.SplitPaths(SystemLibraries));
        if (provider != null)
        {
            Log.LogMessage(MessageImportance.Low, "PeftU: " + provider + " provides " + VersionName + "; no patch needed.");
            return true;
        }
        foreach (string path in System.IO.Directory.GetFiles(Directory, FileName, SearchOption.AllDirectories))
        {
            try
            {
                int changed = ElfVersionPatcher.PatchFile(path, VersionName);
                if (changed > 0)
                    Log.LogMessage(MessageImportance.High, "PeftU: marked " + VersionName + " weak in " + path);
            }
            catch (InvalidDataException e)
            {
                Log.LogError("PeftU: cannot patch " + path + ": " + e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }
}

public static class ElfVersionPatcher
{
    public const uint ShtGnuVerneed = 0x6ffffffe;
    public const ushort VerFlgWeak = 0x2;

    private static readonly string[] DefaultLibstdcxxPaths =
    {
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    };

    public static string[] SplitPaths(string paths)
    {
        return string.IsNullOrWhiteSpace(paths)
            ? DefaultLibstdcxxPaths
            : paths.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The first library that defines <paramref name="versionName"/>, or null. Version definitions are
    /// NUL-terminated names in .dynstr, so a byte search for "NAME\0" is exact enough and needs no ELF parsing.</summary>
    public static string FindProvider(string versionName, IEnumerable<string> candidates)
    {
        byte[] needle = Encoding.ASCII.GetBytes(versionName + "\0");
        foreach (string candidate in candidates)
        {
            if (File.Exists(candidate) && IndexOf(File.ReadAllBytes(candidate), needle) >= 0)
                return candidate;
        }
        return null;
    }

    /// <summary>Patches a file atomically (temp + rename: a hard link into the package cache is replaced, never
    /// written through). Returns how many requirements changed; 0 when already weak or absent (idempotent).</summary>
    public static int PatchFile(string path, string versionName)
    {
        byte[] bytes = File.ReadAllBytes(path);
        int changed = MarkWeak(bytes, versionName);
        if (changed == 0)
            return 0;
        string temp = path + ".peftu-tmp";
        File.WriteAllBytes(temp, bytes);
        File.Replace(temp, path, null);
        return changed;
    }

    /// <summary>Sets VER_FLG_WEAK on every Vernaux entry named <paramref name="versionName"/>.</summary>
    public static int MarkWeak(byte[] elf, string versionName)
    {
        int changed = 0;
        Walk(elf, (name, flagsOffset) =>
        {
            ushort flags = U16(elf, flagsOffset);
            if (name != versionName || (flags & VerFlgWeak) != 0)
                return;
            BitConverter.GetBytes((ushort)(flags | VerFlgWeak)).CopyTo(elf, flagsOffset);
            changed++;
        });
        return changed;
    }

    /// <summary>The flags of each Vernaux entry by version name.</summary>
    public static Dictionary<string, ushort> ReadVersionNeeds(byte[] elf)
    {
        var result = new Dictionary<string, ushort>();
        Walk(elf, (name, flagsOffset) => result[name] = U16(elf, flagsOffset));
        return result;
    }

    /// <summary>Visits (name, offset of vna_flags) for every Vernaux entry of every SHT_GNU_verneed section.</summary>
    private static void Walk(byte[] elf, Action<string, int> visit)
    {
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("only 64-bit little-endian ELF is supported");
        ulong shoff = U64(elf, 0x28);
        int shentsize = U16(elf, 0x3A);
        int shnum = U16(elf, 0x3C);
        if (shentsize < 64 || shoff == 0 || shoff + (ulong)(shentsize * shnum) > (ulong)elf.Length)
            throw new InvalidDataException("section header table out of range");

        for (int s = 0; s < shnum; s++)
        {
            int sh = checked((int)shoff + s * shentsize);
            if (U32(elf, sh + 4) != ShtGnuVerneed)
                continue;
            int offset = checked((int)U64(elf, sh + 24));
            int end = checked(offset + (int)U64(elf, sh + 32));
            int link = (int)U32(elf, sh + 40);
            int count = (int)U32(elf, sh + 44);
            if (link >= shnum || end > elf.Length)
                throw new InvalidDataException("version-needed section out of range");
            int strtab = checked((int)U64(elf, checked((int)shoff + link * shentsize) + 24));

            int need = offset;
            for (int n = 0; n < count; n++)
            {
                if (need < offset || need + 16 > end)
                    throw new InvalidDataException("version-needed entry out of range");
                int aux = need + (int)U32(elf, need + 8);
                for (int a = 0; a < U16(elf, need + 2); a++)
                {
                    if (aux < offset || aux + 16 > end)
                        throw new InvalidDataException("version-needed aux entry out of range");
                    visit(CString(elf, strtab + (int)U32(elf, aux + 8)), aux + 4);
                    uint nextAux = U32(elf, aux + 12);
                    if (nextAux == 0) break;
                    aux += (int)nextAux;
                }
                uint next = U32(elf, need + 12);
                if (next == 0) break;
                need += (int)next;
            }
        }
    }

    private static ushort U16(byte[] b, int o) { return BitConverter.ToUInt16(b, o); }
    private static uint U32(byte[] b, int o) { return BitConverter.ToUInt32(b, o); }
    private static ulong U64(byte[] b, int o) { return BitConverter.ToUInt64(b, o); }

    private static string CString(byte[] b, int o)
    {
        if (o < 0 || o >= b.Length) throw new InvalidDataException("string offset out of range");
        int end = o;
        while (end < b.Length && b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, o, end - o);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return i;
        }
        return -1;
    }
}
