using InitOS.Core.Boot;
using InitOS.Core.Services;

namespace InitOS.Boot.Tests;

public class BootDataTests
{
    [Fact]
    public void Pending_modules_skip_loaded_ones_and_keep_parameters()
    {
        var pending = BootModules.Pending(["nf_conntrack hashsize=1024", "br-netfilter", "zfs"], "br_netfilter 32768 0 - Live 0x0\nzfs 1 0 - Live 0x0\n");
        Assert.Equal([["nf_conntrack", "hashsize=1024"]], pending);
    }

    [Fact]
    public void Boot_modules_cover_the_system_image_and_the_engines()
    {
        Assert.Contains("squashfs", BootModules.Required);
        Assert.Contains("loop", BootModules.Required);
        Assert.Contains("overlay", BootModules.Required);
        Assert.True(BootModules.Required.ToList().IndexOf("loop") < BootModules.Required.ToList().IndexOf("squashfs"));
    }

    [Fact]
    public void What_the_boot_mounts_before_the_engine_is_loaded_first_and_the_engines_modules_after()
    {
        // mount-system (loop, squashfs) and mount-state (the disk's driver and filesystem) run before the engine
        // modules are waited for
        foreach (var m in new[] { "virtio_blk", "virtio_scsi", "ahci", "nvme", "sd_mod", "ext4", "isofs", "vfat", "loop", "squashfs" })
        {
            Assert.Contains(m, BootModules.Early);
        }
        Assert.Contains("overlay", BootModules.ForEngines);
        Assert.Contains("br_netfilter", BootModules.ForEngines);
        Assert.Empty(BootModules.Early.Intersect(BootModules.ForEngines));
        Assert.Equal([.. BootModules.Early, .. BootModules.ForEngines], BootModules.Required);
    }

    [Fact]
    public void Os_release_fields_are_unquoted()
    {
        const string text = "NAME=\"InitOS\"\nVERSION_ID=0.1.0\nPRETTY_NAME='InitOS 0.1.0'\n";
        Assert.Equal("InitOS", OsRelease.Field(text, "NAME"));
        Assert.Equal("0.1.0", OsRelease.Field(text, "VERSION_ID"));
        Assert.Equal("InitOS 0.1.0", OsRelease.Field(text, "PRETTY_NAME"));
        Assert.Null(OsRelease.Field(text, "ID"));
        Assert.Null(OsRelease.Field(null, "ID"));
    }

    [Fact]
    public void Image_variables_are_substituted_before_hashing()
    {
        var services = new Dictionary<string, object?>
        {
            ["s"] = new Dictionary<string, object?> { ["image"] = "initos/os-base:${VERSION}" },
        };
        var (a, _) = ServiceParser.ParseAll(services, new Dictionary<string, string> { ["VERSION"] = "1.0" });
        var (b, _) = ServiceParser.ParseAll(services, new Dictionary<string, string> { ["VERSION"] = "2.0" });
        Assert.Equal("initos/os-base:1.0", a[0].Spec.Image);
        Assert.NotEqual(ServiceHash.Compute(a[0].Spec), ServiceHash.Compute(b[0].Spec));
        Assert.Equal("initos/os-base:${VERSION}", ServiceParser.ParseAll(services).Services[0].Spec.Image);
    }

    [Fact]
    public void Stale_containerd_pid_file_follows_the_exec_root()
    {
        var launch = SystemEnginePlan.For(new Dictionary<string, object?> { ["exec_root"] = "/run/sd/" }, false, false);
        Assert.Equal(["/run/sd/containerd/containerd.pid"], launch.StalePidFiles);
    }
}
