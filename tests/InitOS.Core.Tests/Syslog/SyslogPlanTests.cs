using InitOS.Core.Config;
using InitOS.Core.Syslog;

namespace InitOS.Core.Tests.Syslog;

public class SyslogPlanTests
{
    private static SyslogPlan For(string yaml) => SyslogPlan.From(YamlText.Parse(yaml, "test.yml"));

    [Fact]
    public void Without_configuration_syslogd_writes_the_file_rotated_at_5_MiB_keeping_3()
    {
        var plan = For("hostname: a\n");
        Assert.Equal(["syslogd", "-n", "-O", "/var/log/syslog", "-s", "5120", "-b", "3"], plan.Syslogd);
        Assert.Equal(["klogd", "-n"], plan.Klogd);
        Assert.Empty(plan.Remotes);
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void Remotes_are_forwarded_over_udp_and_the_local_file_is_kept()
    {
        var plan = For("rancher:\n  syslog:\n    remote: [logs.example.com, 'udp://192.0.2.7:1514', '[2001:db8::5]:515', '2001:db8::6']\n");
        Assert.Equal(["logs.example.com:514", "192.0.2.7:1514", "[2001:db8::5]:515", "[2001:db8::6]:514"], plan.Remotes);
        Assert.Equal(["-R", "logs.example.com:514", "-R", "192.0.2.7:1514", "-R", "[2001:db8::5]:515", "-R", "[2001:db8::6]:514", "-L"], plan.Syslogd.Skip(8));
        Assert.Empty(plan.Problems);
    }

    [Fact]
    public void A_single_remote_may_be_a_string()
    {
        Assert.Equal(["10.0.0.9:514"], For("rancher:\n  syslog:\n    remote: 10.0.0.9\n").Remotes);
    }

    [Theory]
    [InlineData("tcp://logs.example.com:514", "only UDP forwarding is supported")]
    [InlineData("logs.example.com:0", "no port in 1..65535")]
    [InlineData("logs.example.com:70000", "no port in 1..65535")]
    [InlineData("logs.example.com:x", "no port in 1..65535")]
    [InlineData("'a b; -f /etc/passwd'", "is not a host name or address")]
    [InlineData("'-R'", "is not a host name or address")]
    [InlineData("'[10.0.0.1]:514'", "IPv6 address in brackets")]
    [InlineData("'[2001:db8::1'", "unclosed '['")]
    public void A_bad_remote_is_reported_and_skipped_and_the_good_ones_stay(string remote, string why)
    {
        var plan = For($"rancher:\n  syslog:\n    remote: [{remote}, 192.0.2.1]\n");
        Assert.Equal(["192.0.2.1:514"], plan.Remotes);
        var problem = Assert.Single(plan.Problems);
        Assert.StartsWith("rancher.syslog.remote[0]: ", problem);
        Assert.Contains(why, problem);
        Assert.EndsWith(", skipped", problem);
    }

    [Theory]
    [InlineData("rotate_size_kb: 1", 64, 3, "rancher.syslog.rotate_size_kb: 1 is out of range 64..1048576, using 64")]
    [InlineData("rotate_size_kb: 99999999999", 1048576, 3, "rancher.syslog.rotate_size_kb: 99999999999 is out of range 64..1048576, using 1048576")]
    [InlineData("rotate_count: 0", 5120, 1, "rancher.syslog.rotate_count: 0 is out of range 1..99, using 1")]
    [InlineData("rotate_count: 500", 5120, 99, "rancher.syslog.rotate_count: 500 is out of range 1..99, using 99")]
    [InlineData("rotate_count: many", 5120, 3, "rancher.syslog.rotate_count: 'many' is not a whole number, using 3")]
    public void Numbers_out_of_range_are_clamped_and_reported(string line, int size, int count, string problem)
    {
        var plan = For($"rancher:\n  syslog:\n    {line}\n");
        Assert.Equal(size, plan.RotateSizeKiB);
        Assert.Equal(count, plan.RotateCount);
        Assert.Equal([problem], plan.Problems);
        Assert.Equal(["-s", size.ToString(), "-b", count.ToString()], plan.Syslogd.Skip(4).Take(4));
    }

    [Fact]
    public void Unknown_keys_and_a_section_that_is_not_a_map_are_reported()
    {
        Assert.Equal(["rancher.syslog.level: unknown key, ignored (known: remote, rotate_size_kb, rotate_count)"],
            For("rancher:\n  syslog:\n    level: debug\n").Problems);
        var plan = For("rancher:\n  syslog: yes\n");
        Assert.Equal(["rancher.syslog: must be a map (remote, rotate_size_kb, rotate_count), ignored"], plan.Problems);
        Assert.Equal(5120, plan.RotateSizeKiB);
    }
}
