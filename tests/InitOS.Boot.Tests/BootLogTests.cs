using InitOS.Boot.Logging;
using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

public class BootLogTests
{
    [Fact]
    public void Step_line_round_trips()
    {
        var line = StepLine.Format("mount-early", 812, 3, StepResult.Degraded);
        Assert.Equal("initos-boot step=mount-early start_ms=812 dur_ms=3 result=degraded", line);
        Assert.Equal(("mount-early", 812L, 3L, StepResult.Degraded), StepLine.Parse("[    1.2] <5>initos[1]: " + line));
        Assert.Null(StepLine.Parse("initos-boot mark=boot-done at_ms=5"));
        Assert.Null(StepLine.Parse("initos-boot step=x start_ms=a dur_ms=1 result=ok"));
    }

    [Fact]
    public void Kmsg_record_carries_priority_and_ident()
    {
        Assert.Equal("<4>initos[1]: Disk 'a' b", BootLogFormat.Kmsg(new BootRecord(SyslogLevel.Warning, "Disk 'a'\nb", 0)));
    }

    [Fact]
    public void Console_shows_progress_and_notable_messages_only()
    {
        Assert.Equal("[  OK  ] Mounted early filesystems", BootLogFormat.Console(new BootRecord(SyslogLevel.Info, "Mounted early filesystems", 0, StepResult.Ok)));
        Assert.Equal("[FAILED] Started x", BootLogFormat.Console(new BootRecord(SyslogLevel.Error, "Started x", 0, StepResult.Failed)));
        Assert.Equal("[ WARN ] y", BootLogFormat.Console(new BootRecord(SyslogLevel.Warning, "y", 0, StepResult.Degraded)));
        Assert.Null(BootLogFormat.Console(new BootRecord(SyslogLevel.Info, "detail", 0)));
        Assert.Equal("InitOS v1 starting", BootLogFormat.Console(new BootRecord(SyslogLevel.Notice, "InitOS v1 starting", 0)));
        Assert.Equal("[   12.034] x", BootLogFormat.Ring(new BootRecord(SyslogLevel.Info, "x", 12034)));
    }

    [Fact]
    public void Ring_keeps_the_last_records_in_order()
    {
        var ring = new RingLog(3);
        for (var i = 0; i < 5; i++)
        {
            ring.Write(new BootRecord(SyslogLevel.Info, i.ToString(System.Globalization.CultureInfo.InvariantCulture), i));
        }
        Assert.Equal(["2", "3", "4"], ring.Snapshot().Select(r => r.Text));
        Assert.Equal(5, ring.Written);
    }

    [Fact]
    public void Debug_records_only_with_debug_on()
    {
        var ring = new RingLog();
        var log = new BootLogger(() => 7, ring);
        log.Write(SyslogLevel.Debug, "hidden");
        log.Debug = true;
        log.Write(SyslogLevel.Debug, "shown");
        Assert.Equal(["shown"], ring.Snapshot().Select(r => r.Text));
        Assert.Equal(7, ring.Snapshot()[0].UptimeMs);
    }
}
