using InitOS.Core.Ports;

namespace InitOS.TestKit;

/// <summary>
/// <see cref="IProgramRunner"/> that runs nothing: each call is recorded as <c>program arg1 arg2</c> and answered from
/// <see cref="Results"/> by program (default exit 0, no output).
/// </summary>
public sealed class FakeProgramRunner : IProgramRunner
{
    /// <summary>The command lines run, in order (console programs too).</summary>
    public List<string> Calls { get; } = [];

    /// <summary>The answer by program path (<c>/sbin/mkfs.ext4</c>).</summary>
    public Dictionary<string, (int ExitCode, string Output)> Results { get; } = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task<(int ExitCode, string Output)> RunAsync(string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult(Run(program, arguments));

    /// <inheritdoc/>
    public int RunOnConsole(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        Run(program, arguments).ExitCode;

    private (int ExitCode, string Output) Run(string program, IReadOnlyList<string> arguments)
    {
        lock (Calls)
        {
            Calls.Add(string.Join(' ', [program, .. arguments]));
            return Results.TryGetValue(program, out var r) ? r : (0, "");
        }
    }
}
