using System.Globalization;

namespace InitOS.Core.Services;

/// <summary>
/// Parses the compose dialect of <c>rancher.services</c> (reference §6) from the merged config tree:
/// maps are <c>Dictionary&lt;string, object?&gt;</c>, lists <c>List&lt;object?&gt;</c>, scalars
/// string/long/double/bool. <c>environment</c> and <c>labels</c> accept a list (<c>K=V</c>) or a map,
/// with values stringified; <c>command</c>/<c>entrypoint</c> a string (split like a shell, without
/// expansion) or a list; <c>container_name</c> is forced to the map key.
/// </summary>
public static class ServiceParser
{
    /// <summary>
    /// Parses every service of the map. A null service value is skipped (disabled); a service that
    /// cannot be parsed is reported in the errors and left out, so one bad service never stops the others.
    /// </summary>
    public static (IReadOnlyList<ServiceDefinition> Services, IReadOnlyList<ServiceSpecException> Errors) ParseAll(IReadOnlyDictionary<string, object?>? services)
        => ParseAll(services, null);

    /// <summary>
    /// As <see cref="ParseAll(IReadOnlyDictionary{string, object?}?)"/>, replacing <c>${NAME}</c> in image
    /// names by <paramref name="imageVariables"/> (the init passes <c>VERSION</c>, the OS version the
    /// system images are tagged with).
    /// </summary>
    public static (IReadOnlyList<ServiceDefinition> Services, IReadOnlyList<ServiceSpecException> Errors) ParseAll(IReadOnlyDictionary<string, object?>? services, IReadOnlyDictionary<string, string>? imageVariables)
    {
        var result = new List<ServiceDefinition>();
        var errors = new List<ServiceSpecException>();
        if (services == null)
        {
            return (result, errors);
        }
        foreach (var (name, value) in services.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (value == null)
            {
                continue;
            }
            try
            {
                if (value is not IReadOnlyDictionary<string, object?> map)
                {
                    throw new ServiceSpecException(name, name, "a service must be a map");
                }
                var service = Parse(name, map);
                if (imageVariables != null && service.Spec.Image.Contains("${", StringComparison.Ordinal))
                {
                    var image = service.Spec.Image;
                    foreach (var (variable, replacement) in imageVariables)
                    {
                        image = image.Replace("${" + variable + "}", replacement, StringComparison.Ordinal);
                    }
                    service = service with { Spec = service.Spec with { Image = image } };
                }
                result.Add(service);
            }
            catch (ServiceSpecException e)
            {
                errors.Add(e);
            }
        }
        return (result, errors);
    }

    /// <summary>Parses one service.</summary>
    public static ServiceDefinition Parse(string name, IReadOnlyDictionary<string, object?> map)
    {
        var image = Str(name, map, "image");
        if (string.IsNullOrEmpty(image))
        {
            throw new ServiceSpecException(name, "image", "is required");
        }
        var labels = KeyValues(name, map, "labels");
        labels[ServiceLabels.Project] = ServiceLabels.ProjectName;
        labels[ServiceLabels.Service] = name;
        var volumes = StrList(name, map, "volumes");
        var volumesFrom = StrList(name, map, "volumes_from");
        var links = StrList(name, map, "links");
        var spec = new ContainerSpec
        {
            Name = name,
            Image = image,
            Command = Words(name, map, "command"),
            Entrypoint = Words(name, map, "entrypoint"),
            Environment = KeyValues(name, map, "environment").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value).ToList(),
            Labels = labels,
            Binds = volumes.Where(v => v.Contains(':')).ToList(),
            Volumes = volumes.Where(v => !v.Contains(':')).ToList(),
            VolumesFrom = volumesFrom.Select(v => v.StartsWith("container:", StringComparison.Ordinal) ? v[10..] : v).ToList(),
            Devices = StrList(name, map, "devices"),
            CapAdd = StrList(name, map, "cap_add"),
            CapDrop = StrList(name, map, "cap_drop"),
            SecurityOpt = StrList(name, map, "security_opt"),
            Dns = StrList(name, map, "dns"),
            ExtraHosts = StrList(name, map, "extra_hosts"),
            NetworkMode = Str(name, map, "net") ?? Str(name, map, "network_mode"),
            PidMode = Str(name, map, "pid"),
            IpcMode = Str(name, map, "ipc"),
            UtsMode = Str(name, map, "uts"),
            Privileged = Bool(name, map, "privileged"),
            ReadOnlyRootfs = Bool(name, map, "read_only"),
            Tty = Bool(name, map, "tty"),
            OpenStdin = Bool(name, map, "stdin_open"),
            User = Str(name, map, "user"),
            WorkingDir = Str(name, map, "working_dir"),
            Hostname = Str(name, map, "hostname"),
            Restart = RestartPolicy.Parse(name, Str(name, map, "restart")),
            LogDriver = Str(name, map, "log_driver"),
            LogOpts = KeyValues(name, map, "log_opt"),
            MemoryLimit = Size(name, map, "mem_limit"),
            CpuShares = CpuShares(name, map),
            Annotations = KeyValues(name, map, "annotations"),
        };
        var after = SplitLabel(labels, ServiceLabels.After)
            .Select(a => a == "cloud-init" ? "cloud-init-execute" : a)
            .Concat(links.Select(l => l.Split(':')[0]))
            .Concat(spec.VolumesFrom.Select(v => v.Split(':')[0]))
            .Where(a => a != name)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var scope = labels.TryGetValue(ServiceLabels.Scope, out var s) && s == "system" ? ServiceScope.System : ServiceScope.User;
        return new ServiceDefinition(
            name,
            spec,
            scope,
            after,
            SplitLabel(labels, ServiceLabels.Before).Where(b => b != name).ToList(),
            Detach: !(labels.TryGetValue(ServiceLabels.Detach, out var d) && d.Equals("false", StringComparison.OrdinalIgnoreCase)),
            CreateOnly: labels.TryGetValue(ServiceLabels.CreateOnly, out var c) && c.Equals("true", StringComparison.OrdinalIgnoreCase),
            ReloadConfig: labels.TryGetValue(ServiceLabels.ReloadConfig, out var r) && r.Equals("true", StringComparison.OrdinalIgnoreCase),
            Rebuild: labels.TryGetValue(ServiceLabels.Rebuild, out var rb) ? rb : null);
    }

    private static List<string> SplitLabel(Dictionary<string, string> labels, string key) =>
        labels.TryGetValue(key, out var v)
            ? v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList()
            : [];

    private static string? Scalar(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string? Str(string service, IReadOnlyDictionary<string, object?> map, string key)
    {
        if (!map.TryGetValue(key, out var value) || value == null)
        {
            return null;
        }
        return Scalar(value) ?? throw new ServiceSpecException(service, key, "expected a scalar");
    }

    private static bool Bool(string service, IReadOnlyDictionary<string, object?> map, string key) =>
        Str(service, map, key) is { } s && (s.Equals("true", StringComparison.OrdinalIgnoreCase)
            || (s.Equals("false", StringComparison.OrdinalIgnoreCase) ? false : throw new ServiceSpecException(service, key, $"expected true or false, got '{s}'")));

    private static List<string> StrList(string service, IReadOnlyDictionary<string, object?> map, string key)
    {
        if (!map.TryGetValue(key, out var value) || value == null)
        {
            return [];
        }
        return value switch
        {
            string s => [s],
            IEnumerable<object?> items => items.Select(i => Scalar(i) ?? throw new ServiceSpecException(service, key, "list items must be scalars")).ToList(),
            _ => throw new ServiceSpecException(service, key, "expected a list"),
        };
    }

    private static Dictionary<string, string> KeyValues(string service, IReadOnlyDictionary<string, object?> map, string key)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!map.TryGetValue(key, out var value) || value == null)
        {
            return result;
        }
        switch (value)
        {
            case IReadOnlyDictionary<string, object?> m:
                foreach (var (k, v) in m)
                {
                    result[k] = Scalar(v) ?? "";
                }
                break;
            case IEnumerable<object?> items:
                foreach (var item in items)
                {
                    var text = Scalar(item) ?? throw new ServiceSpecException(service, key, "list items must be scalars");
                    var eq = text.IndexOf('=');
                    if (eq < 0)
                    {
                        result[text] = "";
                    }
                    else
                    {
                        result[text[..eq]] = text[(eq + 1)..];
                    }
                }
                break;
            default:
                throw new ServiceSpecException(service, key, "expected a list or a map");
        }
        return result;
    }

    private static List<string>? Words(string service, IReadOnlyDictionary<string, object?> map, string key)
    {
        if (!map.TryGetValue(key, out var value) || value == null)
        {
            return null;
        }
        try
        {
            return value is string s ? ShellWords.Split(s) : StrList(service, map, key);
        }
        catch (FormatException e)
        {
            throw new ServiceSpecException(service, key, e.Message);
        }
    }

    /// <summary><c>cpu_shares</c>: the cgroup weight docker takes (2..262144; 1024 is its default); absent = 0, the default.</summary>
    private static long CpuShares(string service, IReadOnlyDictionary<string, object?> map)
    {
        var text = Str(service, map, "cpu_shares");
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }
        return long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 2 and <= 262144
            ? n
            : throw new ServiceSpecException(service, "cpu_shares", $"not a CPU weight from 2 to 262144: '{text}'");
    }

    private static long Size(string service, IReadOnlyDictionary<string, object?> map, string key)
    {
        var text = Str(service, map, key);
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }
        var t = text.Trim().ToLowerInvariant().TrimEnd('b');
        long mult = 1;
        if (t.EndsWith('k')) { mult = 1L << 10; t = t[..^1]; }
        else if (t.EndsWith('m')) { mult = 1L << 20; t = t[..^1]; }
        else if (t.EndsWith('g')) { mult = 1L << 30; t = t[..^1]; }
        return long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n * mult
            : throw new ServiceSpecException(service, key, $"not a size: '{text}'");
    }
}
