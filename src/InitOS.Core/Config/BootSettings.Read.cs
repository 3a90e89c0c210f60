using System.Globalization;
using InitOS.Core.Boot;
using InitOS.Core.Lifecycle;
using InitOS.Core.Services;

namespace InitOS.Core.Config;

public sealed partial record BootSettings
{
    /// <summary>
    /// Reads the settings from a loaded config: every key the boot uses, once. An unset key takes its default; a value
    /// of the wrong type (a list where a string belongs, a string where a boolean does, a list entry that is a list or a
    /// map) is reported with its source and takes the default; a number outside its range is reported and used at the
    /// nearest bound. The other keys, of the same layer too, apply. Pure: never throws on any tree.
    /// </summary>
    public static BootSettings Read(LoadedConfig config)
    {
        var r = new Reader(config);
        return new BootSettings
        {
            Debug = r.Bool("rancher.debug"),
            Recovery = r.Bool("rancher.recovery"),
            Test = r.Bool("rancher.test"),
            ShutdownTimeout = r.Seconds("rancher.shutdown_timeout", DefaultShutdownTimeout, MinShutdownSeconds, MaxShutdownSeconds),
            Modules = r.StringList("rancher.modules"),
            CloudInitDatasources = r.StringList("rancher.cloud_init.datasources"),
            State = r.State(),
            SystemEngine = r.Map("rancher.system_docker"),
            UserEngine = r.Map("rancher.docker") is { Value: { } engine } docker ? new(engine, docker.Source) : new(new Dictionary<string, object?>()),
            RegistryAuths = r.Map("rancher.registry_auths"),
            Services = new ServiceInputs
            {
                Definitions = r.Map("rancher.services"),
                Includes = r.Map("rancher.services_include"),
                Console = r.String(Alternatives.Console.Key),
                Engine = r.String(Alternatives.Engine.Key),
                RegistryDomain = r.String("rancher.environment.REGISTRY_DOMAIN") is { Value: { Length: > 0 } domain } set
                    ? new(domain, set.Source) : new(ServiceInputs.DefaultRegistryDomain),
            },
            Proxy = new ProxySettings
            {
                Http = r.String("rancher.network.http_proxy"),
                Https = r.String("rancher.network.https_proxy"),
                NoProxy = r.String("rancher.network.no_proxy"),
            },
            Upgrade = r.Upgrade(),
            Diagnostics = r.Problems,
        };
    }

    /// <summary>Reads single keys into settings, collecting the problems.</summary>
    private sealed class Reader(LoadedConfig config)
    {
        public List<ConfigDiagnostic> Problems { get; } = [];

        public Setting<bool> Bool(string key) => Get(key) switch
        {
            null => new(false),
            (bool b, var source) => new(b, source),
            var (value, source) => Unusable(key, value, source, "a boolean", false, "false"),
        };

        public Setting<string?> String(string key) => Get(key) switch
        {
            null => new(null),
            var (value, source) when value is List<object?> or Dictionary<string, object?> => Unusable<string?>(key, value, source, "a string", null, "unset"),
            var (value, source) => new(ConfigValue.FormatScalar(value), source),
        };

        /// <summary>A list of strings (numbers and booleans as text, null entries skipped); a single string is a
        /// one-item list.</summary>
        public Setting<IReadOnlyList<string>> StringList(string key)
        {
            switch (Get(key))
            {
                case null:
                    return new([]);
                case (string s, var source):
                    return new([s], source);
                case (List<object?> list, var source):
                    var items = new List<string>(list.Count);
                    for (var i = 0; i < list.Count; i++)
                    {
                        switch (list[i])
                        {
                            case null:
                                break;
                            case List<object?> or Dictionary<string, object?>:
                                var entry = string.Create(CultureInfo.InvariantCulture, $"{key}[{i}]");
                                return Unusable<IReadOnlyList<string>>(entry, list[i], source, "a string", [], "none");
                            default:
                                items.Add(ConfigValue.FormatScalar(list[i]));
                                break;
                        }
                    }
                    return new(items, source);
                case var (value, source):
                    return Unusable<IReadOnlyList<string>>(key, value, source, "a list of strings", [], "none");
            }
        }

        public Setting<IReadOnlyDictionary<string, object?>?> Map(string key) => Get(key) switch
        {
            null => new(null),
            (Dictionary<string, object?> map, var source) => new(map, source),
            var (value, source) => Unusable<IReadOnlyDictionary<string, object?>?>(key, value, source, "a map", null, "unset"),
        };

        /// <summary>A whole number of seconds in <c>[min, max]</c> (<see cref="ConfigNumber.Clamp"/>).</summary>
        public Setting<TimeSpan> Seconds(string key, TimeSpan fallback, long min, long max)
        {
            var seconds = Number(key, (long)fallback.TotalSeconds, min, max, " s");
            return new(TimeSpan.FromSeconds(seconds.Value), seconds.Source);
        }

        /// <summary><c>rancher.state</c>, its keys read leniently by <see cref="StateSettings.FromConfig"/>.</summary>
        public Setting<StateSettings> State()
        {
            var state = Map("rancher.state");
            return new(StateSettings.FromConfig(state.Value), state.Source);
        }

        /// <summary><c>rancher.upgrade</c>: strings trimmed (blank means unset), numbers clamped.</summary>
        public Setting<UpgradeSettings> Upgrade()
        {
            var url = String("rancher.upgrade.url").Value;
            var image = String("rancher.upgrade.image").Value;
            var check = String("rancher.upgrade.health_check").Value;
            var tries = Number("rancher.upgrade.tries", BootSlots.DefaultTries, 1, BootSlots.MaxTries, "");
            var timeout = Number("rancher.upgrade.health_timeout", UpgradeSettings.DefaultHealthTimeoutSeconds,
                UpgradeSettings.MinHealthTimeoutSeconds, UpgradeSettings.MaxHealthTimeoutSeconds, " s");
            var settings = new UpgradeSettings(
                string.IsNullOrWhiteSpace(url) ? null : url.Trim(),
                string.IsNullOrWhiteSpace(image) ? UpgradeSettings.DefaultImage : image.Trim(),
                (int)tries.Value,
                TimeSpan.FromSeconds(timeout.Value),
                string.IsNullOrWhiteSpace(check) ? null : check);
            return Get("rancher.upgrade") is (Dictionary<string, object?>, var source) ? new(settings, source) : new(settings);
        }

        /// <summary>A whole number in <c>[min, max]</c>: clamped and reported when outside, the default (reported)
        /// when not a whole number.</summary>
        private Setting<long> Number(string key, long fallback, long min, long max, string unit)
        {
            if (Get(key) is not { } found)
            {
                return new(fallback);
            }
            var number = ConfigNumber.Clamp(found.Value, key, min, max, unit, out var problem);
            if (problem != null)
            {
                Problems.Add(found.Source.Problem(problem));
            }
            return number is { } n ? new(n, found.Source) : new(fallback);
        }

        /// <summary>The value at a key with its source; null when unset.</summary>
        private Found? Get(string key) => config.Get(key) is { } value ? new Found(value, SettingSource.Of(config, key)) : null;

        private Setting<T> Unusable<T>(string key, object? value, SettingSource source, string expected, T fallback, string shown)
        {
            Problems.Add(source.Problem($"{key}: expected {expected}, found {Describe(value)}; using the default ({shown})"));
            return new(fallback);
        }

        /// <summary>A value that is set, and where.</summary>
        private sealed record Found(object Value, SettingSource Source);

        private static string Describe(object? value) => value switch
        {
            string s => $"string \"{s}\"",
            List<object?> => "a list",
            Dictionary<string, object?> => "a map",
            _ => $"{ConfigValue.KindName(value)} {ConfigValue.FormatScalar(value)}",
        };
    }
}
