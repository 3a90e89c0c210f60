using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

public class StateSettingsTests
{
    [Fact]
    public void No_state_key_runs_from_memory()
    {
        var s = StateSettings.FromConfig(null);
        Assert.Null(s.Device);
        Assert.Equal("auto", s.FsType);
        Assert.False(s.Required);
    }

    [Fact]
    public void Label_device_with_wait_and_required()
    {
        var s = StateSettings.FromConfig(new Dictionary<string, object?>
        {
            ["dev"] = "LABEL=RANCHER_STATE",
            ["wait"] = true,
            ["required"] = "true",
            ["fstype"] = "ext4",
        });
        Assert.Equal(new DeviceSpec("label", "RANCHER_STATE"), s.Device);
        Assert.True(s.Wait);
        Assert.True(s.Required);
        Assert.Equal("ext4", s.FsType);
    }

    [Fact]
    public void None_means_no_state_device()
    {
        Assert.Null(StateSettings.FromConfig(new Dictionary<string, object?> { ["dev"] = "none" }).Device);
        Assert.Equal(new DeviceSpec("uuid", "abc"), DeviceSpec.Parse("UUID=abc"));
        Assert.Equal("/dev/vdb", DeviceSpec.Parse("/dev/vdb")!.ToString());
    }

    [Fact]
    public void Autoformat_list_without_dev_targets_the_new_label()
    {
        var s = StateSettings.FromConfig(new Dictionary<string, object?>
        {
            ["autoformat"] = new List<object?> { "/dev/vdb", "/dev/sdb" },
        });
        Assert.Equal(["/dev/vdb", "/dev/sdb"], s.Autoformat);
        Assert.Equal(new DeviceSpec("label", StateSettings.Label), s.Device);
    }

    [Fact]
    public void Autoformat_from_cmdline_string_is_split()
    {
        var s = StateSettings.FromConfig(new Dictionary<string, object?> { ["autoformat"] = "/dev/vdb,/dev/vdc", ["wait"] = "" });
        Assert.Equal(["/dev/vdb", "/dev/vdc"], s.Autoformat);
        Assert.True(s.Wait);
    }
}
