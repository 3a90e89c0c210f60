namespace InitOS.Core.Tests.Fuzz;

/// <summary>A kernel command line of random arguments, good and bad, and the state device it must yield.</summary>
public sealed record MutatedKernelLine(string Text, string? StateDev);

/// <summary>Random kernel command lines from a pool of bad arguments, deterministically from a seeded
/// <see cref="Random"/>; when the line sets <c>rancher.state.dev</c> it does so first and validly, and no later
/// argument can set it validly, so the loaded value must be that one.</summary>
public sealed class KernelLineMutator(Random random)
{
    private static readonly string[] Pool =
    [
        "console=ttyS0", "BOOT_IMAGE=/vmlinuz", "quiet", "panic=-1",
        "rancher.network=5", "rancher.debug=maybe", "rancher.state=oops", "rancher.state.dev=[a,b]",
        "rancher.state.dev.x=1", "rancher.shutdown_timeout=99999999999999999999999", "rancher.shutdown_timeout=-7",
        "rancher.network.dhcp_timeout=1e300", "cc.hostname=[x]", "cc.hostname=kernel", "rancher.console=[1]",
        "rancher.services={a: 1}", "rancher.network.dns.nameservers=8.8.8.8", "rancher.ssh.port=hello",
        "rancher.sysctl.vm.swappiness=30", "rancher.environment.A=\"quoted value\"", "rancher.password='unterminated",
        "rancher.a.b.c.d.e.f.g.h=1", "cc.write_files=[{path: /x, append: maybe}]", "rancher.debug", "rancher.log=true",
        "rancher.cloud_init.datasources=[ec2,gce]", "rancher.state.wait=yes", "rancher.network.interfaces.eth0.mtu=big",
        "rancher.\u00e9t\u00e9=\u00e9", "rancher.=x", "rancher", "rancher.x=", "cc.=", "rancher.x={", "rancher.x=[",
        "rancher." + string.Join('.', Enumerable.Repeat("k", 100)) + "=deep",
        "rancher.x=" + new string('[', 200) + new string(']', 200),
    ];

    public MutatedKernelLine Next()
    {
        var args = new List<string>();
        string? dev = null;
        if (random.Next(2) == 0)
        {
            dev = "LABEL=FROM_KERNEL_" + random.Next(1000);
            args.Add("rancher.state.dev=" + dev);
        }
        var count = random.Next(0, 12);
        for (var i = 0; i < count; i++)
        {
            args.Add(Pool[random.Next(Pool.Length)]);
        }
        var separator = random.Next(5) == 0 ? "\t " : " ";
        return new MutatedKernelLine(string.Join(separator, args) + (random.Next(2) == 0 ? "\n" : ""), dev);
    }
}
