using System.Security;
using System.Text;

namespace InitOS.Core.Control;

/// <summary>A D-Bus interface as data: what the server handles, and the introspection XML it answers with.</summary>
public sealed record DBusInterface(
    string Name, IReadOnlyList<DBusMethod> Methods, IReadOnlyList<DBusSignal> Signals, IReadOnlyList<DBusProperty> Properties)
{
    /// <summary>The method called <paramref name="name"/>, or null.</summary>
    public DBusMethod? Method(string? name) => Methods.FirstOrDefault(m => m.Name == name);

    /// <summary>The <c>&lt;interface&gt;</c> element of the introspection XML (read-only properties).</summary>
    public string ToXml()
    {
        var sb = new StringBuilder();
        sb.Append("  <interface name=\"").Append(Escape(Name)).Append("\">\n");
        foreach (var m in Methods)
        {
            sb.Append("    <method name=\"").Append(Escape(m.Name)).Append("\">\n");
            foreach (var a in m.In)
            {
                Arg(sb, a, "in");
            }
            foreach (var a in m.Out)
            {
                Arg(sb, a, "out");
            }
            sb.Append("    </method>\n");
        }
        foreach (var s in Signals)
        {
            sb.Append("    <signal name=\"").Append(Escape(s.Name)).Append("\">\n");
            foreach (var a in s.Args)
            {
                Arg(sb, a, null);
            }
            sb.Append("    </signal>\n");
        }
        foreach (var p in Properties)
        {
            sb.Append("    <property name=\"").Append(Escape(p.Name)).Append("\" type=\"").Append(Escape(p.Type))
              .Append("\" access=\"read\"/>\n");
        }
        sb.Append("  </interface>\n");
        return sb.ToString();
    }

    private static void Arg(StringBuilder sb, DBusArg a, string? direction)
    {
        sb.Append("      <arg name=\"").Append(Escape(a.Name)).Append("\" type=\"").Append(Escape(a.Type)).Append('"');
        if (direction != null)
        {
            sb.Append(" direction=\"").Append(direction).Append('"');
        }
        sb.Append("/>\n");
    }

    private static string Escape(string s) => SecurityElement.Escape(s) ?? "";
}
