using System.Xml.Linq;
using InitOS.Core.Control;
using InitOS.Platform.Control;

namespace InitOS.Core.Tests.Control;

public class ControlInterfacesTests
{
    private static XElement Parse(DBusInterface api) => XElement.Parse(api.ToXml());

    [Fact]
    public void Manager_XML_is_well_formed_and_lists_every_handled_method()
    {
        var xml = Parse(ControlInterfaces.ManagerApi);
        Assert.Equal(ControlNames.ManagerInterface, xml.Attribute("name")!.Value);
        var methods = xml.Elements("method").Select(m => m.Attribute("name")!.Value).ToList();
        Assert.Equal(ControlInterfaces.ManagerApi.Methods.Select(m => m.Name), methods);
        Assert.Equal(ManagerObject.HandledMethods.Order(), methods.Order());
    }

    [Fact]
    public void Manager_XML_has_the_signatures_signals_and_properties()
    {
        var xml = Parse(ControlInterfaces.ManagerApi);
        string Args(string element, string name, string? direction) => string.Concat(
            xml.Elements(element).Single(e => e.Attribute("name")!.Value == name).Elements("arg")
               .Where(a => direction == null || a.Attribute("direction")!.Value == direction)
               .Select(a => a.Attribute("type")!.Value));
        Assert.Equal("a(ssssssb)", Args("method", "ListServices", "out"));
        Assert.Equal("s", Args("method", "StartService", "in"));
        Assert.Equal("o", Args("method", "StartService", "out"));
        Assert.Equal("su", Args("method", "GetServiceLogs", "in"));
        Assert.Equal("a(sstts)", Args("method", "GetBootTimeline", "out"));
        Assert.Equal("a{sv}", Args("method", "Upgrade", "in"));
        Assert.Equal("o", Args("method", "Upgrade", "out"));
        Assert.Equal("a{sv}", Args("method", "Rollback", "in"));
        Assert.Equal("o", Args("method", "Rollback", "out"));
        Assert.Equal("uos", Args("signal", "JobNew", null));
        Assert.Equal("uosss", Args("signal", "JobRemoved", null));
        Assert.Equal(["Version:s", "BootedSlot:s", "Phase:s", "UptimeMs:t"],
            xml.Elements("property").Select(p => p.Attribute("name")!.Value + ":" + p.Attribute("type")!.Value));
        Assert.All(xml.Elements("property"), p => Assert.Equal("read", p.Attribute("access")!.Value));
    }

    [Fact]
    public void Job_XML_has_Cancel_and_its_properties()
    {
        var xml = Parse(ControlInterfaces.JobApi);
        Assert.Equal(["Cancel"], xml.Elements("method").Select(m => m.Attribute("name")!.Value));
        Assert.Equal(["Id:u", "Unit:s", "JobType:s", "State:s"],
            xml.Elements("property").Select(p => p.Attribute("name")!.Value + ":" + p.Attribute("type")!.Value));
    }

    [Fact]
    public void Transaction_XML_has_Start_Cancel_the_signals_and_Title()
    {
        var xml = Parse(ControlInterfaces.TransactionApi);
        Assert.Equal(ControlNames.TransactionInterface, xml.Attribute("name")!.Value);
        string Args(string element, string name) => string.Concat(
            xml.Elements(element).Single(e => e.Attribute("name")!.Value == name).Elements("arg").Select(a => a.Attribute("type")!.Value));
        Assert.Equal(["Start", "Cancel"], xml.Elements("method").Select(m => m.Attribute("name")!.Value));
        Assert.Equal("b", Args("method", "Start"));
        Assert.Equal("", Args("method", "Cancel"));
        Assert.Equal("s", Args("signal", "Message"));
        Assert.Equal("bs", Args("signal", "Finished"));
        Assert.Equal(["Title:s"], xml.Elements("property").Select(p => p.Attribute("name")!.Value + ":" + p.Attribute("type")!.Value));
    }

    [Fact]
    public void Every_service_job_has_its_method()
    {
        foreach (var job in Enum.GetValues<ServiceJob>())
        {
            var method = ControlInterfaces.ManagerApi.Method(ControlInterfaces.MethodOf(job));
            Assert.NotNull(method);
            Assert.Equal(job, ControlInterfaces.ServiceJobOf(method.Name));
        }
    }

    [Theory]
    [InlineData(0u, "org.initos.Init1.Manager", "StartService", true)]
    [InlineData(1000u, "org.initos.Init1.Manager", "StartService", false)]
    [InlineData(1000u, "org.initos.Init1.Job", "Cancel", false)]
    [InlineData(1000u, "org.freedesktop.DBus.Properties", "Set", false)]
    [InlineData(1000u, "org.freedesktop.DBus.Properties", "GetAll", true)]
    [InlineData(1000u, "org.freedesktop.DBus.Introspectable", "Introspect", true)]
    [InlineData(1000u, "org.freedesktop.DBus.Peer", "Ping", true)]
    [InlineData(1000u, "org.freedesktop.DBus", "Hello", true)]
    [InlineData(1000u, null, "StartService", false)]
    [InlineData(1000u, "org.initos.Init1.Manager", "Upgrade", false)]
    [InlineData(1000u, "org.initos.Init1.Manager", "Rollback", false)]
    [InlineData(1000u, "org.initos.Init1.Transaction", "Start", false)]
    [InlineData(1000u, "org.initos.Init1.Transaction", "Cancel", false)]
    [InlineData(0u, "org.initos.Init1.Manager", "Upgrade", true)]
    public void Only_root_may_act(uint uid, string? iface, string member, bool allowed)
        => Assert.Equal(allowed, ControlAccess.MayCall(uid, iface, member));
}
