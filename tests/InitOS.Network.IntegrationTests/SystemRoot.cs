namespace InitOS.Network.IntegrationTests;

/// <summary>A temp system root for netconf: the shipped os-config.yml plus the test's files.</summary>
internal sealed class SystemRoot : IDisposable
{
    public const string InitialResolvConf = "nameserver 127.0.0.9\n";

    public SystemRoot(string cloudConfig, string? cmdline = null)
    {
        Path = Directory.CreateTempSubdirectory("initos-net-").FullName;
        Write("/usr/share/ros/os-config.yml", File.ReadAllText(System.IO.Path.Join(NetconfRun.RepoRoot(), "rootfs/overlay/usr/share/ros/os-config.yml")));
        Write("/var/lib/rancher/conf/cloud-config.yml", cloudConfig);
        Write("/etc/resolv.conf", InitialResolvConf);
        if (cmdline != null)
        {
            Write("/proc/cmdline", cmdline);
        }
    }

    public string Path { get; }

    public string Full(string systemPath) => System.IO.Path.Join(Path, systemPath);

    public void Write(string systemPath, string content)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Full(systemPath))!);
        File.WriteAllText(Full(systemPath), content);
    }

    public string Read(string systemPath) => File.ReadAllText(Full(systemPath));

    /// <summary>The inode of a file (to prove resolv.conf is written in place).</summary>
    public long Inode(string systemPath) => long.Parse(Tools.Run("stat", "-c", "%i", Full(systemPath)).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
