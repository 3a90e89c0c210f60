using InitOS.Core.Boot;
using InitOS.Core.CloudInit;
using InitOS.Core.Config;
using InitOS.Core.Datasources;
using InitOS.Core.Ports;

namespace InitOS.CloudInit;

/// <summary>
/// <c>cloud-init-save</c>: probes the configured datasources (bounded), then stores meta-data, its network part
/// and the user-data under <c>/var/lib/rancher/conf/</c>. Invalid or unrecognised user-data is reported and the
/// last good <c>boot.yml</c> stays. Exit status: 0 when everything found was saved (or nothing was found),
/// 1 when user-data was rejected or a file could not be written.
/// </summary>
public sealed class CloudInitSave
{
    private readonly IFileStore _files;
    private readonly IMetadataFetcher _fetcher;
    private readonly IConfigVolumes _volumes;
    private readonly CloudInitLog _log;
    private readonly TimeProvider _time;

    /// <summary>Creates the program over its ports.</summary>
    public CloudInitSave(IFileStore files, IMetadataFetcher fetcher, IConfigVolumes volumes, CloudInitLog log, TimeProvider time)
    {
        _files = files;
        _fetcher = fetcher;
        _volumes = volumes;
        _log = log;
        _time = time;
    }

    /// <summary>The probe window; the boot goes on when it closes.</summary>
    public TimeSpan Window { get; init; } = DatasourceProber.DefaultWindow;

    /// <summary>Bound for each HTTP request.</summary>
    public TimeSpan RequestTimeout { get; init; } = DatasourceFactory.DefaultRequestTimeout;

    /// <summary>Runs once; returns the exit status.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var config = ConfigLoader.Load(_files);
        var configured = BootSettings.Read(config).CloudInitDatasources.Value;
        var specs = DatasourceList.Parse(configured, out var problems);
        foreach (var problem in problems)
        {
            _log.Warn(Redact.Text(problem));
        }
        var context = new DatasourceContext(_fetcher, _volumes, _files.ReadText(ConfigPaths.Cmdline) ?? "", _files.ReadText("/proc/net/route"), RequestTimeout);
        var sources = DatasourceFactory.Create(specs, context);
        _log.Info($"Probing datasources {string.Join(", ", sources.Select(s => $"'{s.Name}'"))} for at most {Window.TotalSeconds:0.#} s");
        var outcome = await DatasourceProber.ProbeAsync(sources, Window, _time, cancellationToken).ConfigureAwait(false);
        foreach (var report in outcome.Reports)
        {
            _log.Write(report.State == ProbeState.Failed ? Core.Boot.SyslogLevel.Warning : Core.Boot.SyslogLevel.Info,
                report.State == ProbeState.Found
                    ? $"Datasource '{report.Name}' answered after {report.Elapsed.TotalMilliseconds:0} ms"
                    : $"Datasource '{report.Name}': {Describe(report.State)}: {report.Reason}");
        }
        if (outcome.Chosen is not { } chosen)
        {
            _log.Notice($"No datasource answered within {outcome.Elapsed.TotalSeconds:0.0} s, keeping the saved cloud-config");
            return 0;
        }
        _log.Notice($"Using datasource '{chosen.Source}'");
        var userData = UserDataClassifier.Classify(chosen.UserData);
        foreach (var problem in userData.Problems)
        {
            _log.Error($"{Redact.Text(problem.ToString()!)}; the previous boot.yml stays in effect");
        }
        foreach (var note in userData.Notes)
        {
            _log.Warn(note);
        }
        var status = userData.Problems.Count > 0 ? 1 : 0;
        foreach (var file in SavePlanner.Plan(chosen, userData))
        {
            try
            {
                _files.WriteAtomic(file.Path, file.Content, file.Mode, CloudInitPaths.DirectoryMode);
                _log.Info($"Saved '{file.Path}'");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _log.Error($"Failed to write '{file.Path}': {e.Message}, continuing");
                status = 1;
            }
        }
        return status;
    }

    private static string Describe(ProbeState state) => state switch
    {
        ProbeState.Absent => "not present",
        ProbeState.Retry => "no answer",
        ProbeState.Failed => "unusable",
        _ => "found",
    };
}
