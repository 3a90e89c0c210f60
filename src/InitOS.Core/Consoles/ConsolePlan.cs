using InitOS.Core.CloudInit;

namespace InitOS.Core.Consoles;

/// <summary>What <c>console-init</c> does, in its three stages.</summary>
/// <param name="Setup">Files, accounts, keys and links, in order (each idempotent on a kept console).</param>
/// <param name="Scripts">The user's boot scripts, run once per boot after the setup, each bounded.</param>
/// <param name="Children">The programs kept running until SIGTERM.</param>
/// <param name="Unapplied">Config keys present but not applied, with the reason.</param>
/// <param name="Problems">Invalid entries, applied partly or not at all.</param>
public sealed record ConsolePlan(
    IReadOnlyList<ExecuteStep> Setup,
    IReadOnlyList<ExecuteStep.Run> Scripts,
    IReadOnlyList<ConsoleChild> Children,
    IReadOnlyList<string> Unapplied,
    IReadOnlyList<string> Problems);
