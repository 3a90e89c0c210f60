using InitOS.Core.CloudInit;
using InitOS.Core.Config;

namespace InitOS.CloudInit.Tests;

/// <summary>Plans whose effects cannot run in a temp tree (mounts, swap, resize, restarts).</summary>
public sealed class ExecutePlannerTests
{
    private static ExecutePlan Plan(string yaml, ExecutePhase phase = ExecutePhase.Default, Dictionary<string, string>? files = null) =>
        ExecutePlanner.Plan(new ExecuteInputs(YamlText.Parse(yaml, "test"), phase, p => files?.GetValueOrDefault(p), () => "salt", new DateOnly(2026, 11, 23)));

    private static IEnumerable<string> Runs(ExecutePlan plan) =>
        plan.Steps.OfType<ExecuteStep.Run>().Select(r => string.Join(' ', r.Argv));

    [Fact]
    public void Mounts_cover_swap_nfs_labels_and_defaults()
    {
        var plan = Plan("""
            mounts:
              - [LABEL=DATA, /mnt/data, ext4, "noatime"]
              - [UUID=1234-abcd, /mnt/u]
              - ["server:/export", /mnt/nfs, nfs4, "ro,vers=4"]
              - [/dev/vdb2, none, swap, sw]
              - [/dev/vdc, relative, ext4, defaults]
              - [/dev/vdd]
            """, ExecutePhase.Console);
        Assert.Equal([
            "mount -t ext4 -o noatime LABEL=DATA /mnt/data",
            "mount -o defaults UUID=1234-abcd /mnt/u",
            "mount -t nfs4 -o ro,vers=4 server:/export /mnt/nfs",
            "swapon /dev/vdb2",
        ], Runs(plan));
        Assert.Equal(["/mnt/data", "/mnt/u", "/mnt/nfs"], plan.Steps.OfType<ExecuteStep.MakeDirectory>().Select(d => d.Path));
        Assert.Equal(2, plan.Problems.Count);
    }

    [Theory]
    [InlineData("/dev/sda", "/dev/sda1", 1)]
    [InlineData("/dev/nvme0n1", "/dev/nvme0n1p1", 1)]
    [InlineData("/dev/mmcblk0", "/dev/mmcblk0p2", 2)]
    [InlineData("/dev/xvda", "/dev/xvda1", 1)]
    public void Resize_grows_the_right_partition(string device, string partition, int number)
    {
        Assert.Equal((partition, number), ExecutePlanner.PartitionOf(device));
    }

    [Fact]
    public void Resize_runs_once_and_restart_services_come_last()
    {
        const string yaml = "rancher:\n  resize_device: /dev/vda\n  restart_services: [syslog, ntp]\n";
        var first = Plan(yaml, ExecutePhase.PreConsole);
        Assert.Equal(["growpart /dev/vda 1", "partprobe /dev/vda", "resize2fs /dev/vda1", "system-docker restart syslog", "system-docker restart ntp"], Runs(first));
        Assert.Contains(first.Steps, s => s is ExecuteStep.WriteFile { Path: ExecutePlanner.ResizeStamp, Group: "resize" });
        var again = Plan(yaml, ExecutePhase.PreConsole, new() { [ExecutePlanner.ResizeStamp] = "" });
        Assert.Equal(["system-docker restart syslog", "system-docker restart ntp"], Runs(again));
    }

    [Fact]
    public void Keys_already_present_are_not_written_again()
    {
        var files = new Dictionary<string, string> { ["/home/rancher/.ssh/authorized_keys"] = "ssh-rsa AAAA1 a\n" };
        var plan = Plan("ssh_authorized_keys: ['ssh-rsa AAAA1 a', 'ssh-rsa AAAA1 a']\n", ExecutePhase.Console, files);
        Assert.DoesNotContain(plan.Steps, s => s is ExecuteStep.WriteFile);
    }

    [Fact]
    public void The_default_hostname_only_replaces_no_name()
    {
        const string yaml = "rancher:\n  defaults:\n    hostname: initos\n";
        var unnamed = Plan(yaml, ExecutePhase.PreConsole, new() { ["/proc/sys/kernel/hostname"] = "(none)\n" });
        Assert.Contains(unnamed.Steps, s => s is ExecuteStep.SetHostname { Name: "initos" });
        var fromDhcp = Plan(yaml, ExecutePhase.PreConsole, new() { ["/proc/sys/kernel/hostname"] = "dhcp-name\n" });
        Assert.DoesNotContain(fromDhcp.Steps, s => s is ExecuteStep.SetHostname);
        var configured = Plan("hostname: mine\n" + yaml, ExecutePhase.PreConsole, new() { ["/proc/sys/kernel/hostname"] = "dhcp-name\n" });
        Assert.Contains(configured.Steps, s => s is ExecuteStep.SetHostname { Name: "mine" });
    }

    [Fact]
    public void Command_entries_become_argv()
    {
        Assert.Equal(["sh", "-c", "echo hi"], ExecutePlanner.CommandArgv("echo hi"));
        Assert.Equal(["ls", "-l", "1"], ExecutePlanner.CommandArgv(new List<object?> { "ls", "-l", 1L }));
        Assert.Null(ExecutePlanner.CommandArgv(new List<object?>()));
        Assert.Null(ExecutePlanner.CommandArgv("  "));
    }

    [Fact]
    public void Only_boot_phase_reports_no_unapplied_keys()
    {
        Assert.Empty(Plan("packages: [x]\n", ExecutePhase.Boot).Unapplied);
        Assert.Equal(["'packages' (not implemented by InitOS)"], Plan("packages: [x]\n", ExecutePhase.Console).Unapplied);
    }
}
