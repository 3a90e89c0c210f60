using InitOS.Core.Lifecycle;

namespace InitOS.Core.Tests.Lifecycle;

/// <summary>What the rendered grub.cfg does to grubenv before a boot, written out in C# for the state-machine tests
/// (GrubConfigTests checks the script has the same chain): returns the slot GRUB boots and the saved env.</summary>
internal static class GrubBootSimulator
{
    internal static (string Default, GrubEnv Env) Boot(GrubEnv env)
    {
        string V(string key) => env.Get(key) ?? "";
        string target;
        var next = V("next");
        var active = V("active");
        if (next.Length > 0 && next != active)
        {
            var tries = V("tries");
            if (tries is "5" or "4" or "3" or "2" or "1")
            {
                env = env.With("tries", (int.Parse(tries) - 1).ToString());
                target = next;
            }
            else
            {
                target = active;
                env = env.With("failed", next).With("next", active).With("rolled_back", "1");
            }
        }
        else
        {
            target = active;
        }
        if (target is not ("A" or "B"))
        {
            target = "A";
        }
        return (target, env);
    }
}
