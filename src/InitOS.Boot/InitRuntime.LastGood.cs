using InitOS.Boot.State;
using InitOS.Core;
using InitOS.Core.Boot;
using InitOS.Core.Config;

namespace InitOS.Boot;

/// <summary>
/// The last-known-good configuration (issue 12): saved at <c>boot-done</c>; when the configuration just loaded would
/// leave the host without the console or the state device the last good one had (<see cref="LastGood.Decide"/>),
/// the boot says so on the console and takes <c>rancher.services</c> and <c>rancher.state</c> from it.
/// </summary>
public sealed partial class InitRuntime
{
    /// <summary>Takes <c>rancher.services</c> and <c>rancher.state</c> of <paramref name="tree"/> from the last good
    /// configuration when <see cref="LastGood.Decide"/> says so; returns what was taken as a layer (null: nothing).</summary>
    private ConfigLayer? FallBackToLastGood(Dictionary<string, object?> tree)
    {
        // Usually on the state partition: read at reload-config; at load-config only when the root keeps it.
        if (_ports.Files.ReadText(LastGood.Path) is not { } text)
        {
            return null;
        }
        YamlDocumentTree lastGood;
        try
        {
            lastGood = YamlText.ParseDocument(text, LastGood.Path);
        }
        catch (ConfigSyntaxException e)
        {
            _log.Warn($"Ignoring the last good configuration: {e.Message}, continuing");
            return null;
        }
        var devices = new StatePartition(_ports, _log, _time);
        var decision = LastGood.Decide(tree, lastGood.Tree, spec => devices.ResolveOnce(spec) != null);
        foreach (var problem in decision.Problems)
        {
            _log.Write(SyslogLevel.Critical, $"CONFIGURATION REJECTED for this boot: {problem}; services and state come from '{LastGood.Path}'");
        }
        if (!decision.UseLastGood)
        {
            return null;
        }
        LastGood.ApplyTo(tree, lastGood.Tree);
        return LastGood.Layer(lastGood);
    }

    private void SaveLastGood()
    {
        if (_config is null)
        {
            return;
        }
        try
        {
            _ports.Files.WriteAtomic(LastGood.Path, LastGood.Serialize(_config.Tree), Modes.File0600, Modes.Dir0700);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Warn($"Failed to save the last good configuration '{LastGood.Path}': {e.Message}, continuing");
        }
    }
}
