using InitOS.Core.Boot;

namespace InitOS.Core.Tests.Boot;

public class BootPlanTests
{
    private static readonly BootPlan Plan = BootPlan.Create(containerMode: false, stateRequired: false);

    private static PlannedStep S(string name, params string[] needs) => new(name, StepKind.Required, name, needs);

    private static PlannedStep B(string name, params string[] needs) => new(name, StepKind.BestEffort, name, needs);

    /// <summary>Runs the schedule the way the sequencer does when every started step ends at once (one wave each):
    /// the sets of steps that start together.</summary>
    private static List<List<string>> Waves(BootPhase phase, Func<string, StepResult>? result = null)
    {
        var finished = new Dictionary<string, StepResult>(StringComparer.Ordinal);
        var waves = new List<List<string>>();
        while (BootSchedule.Ready(phase, finished, new HashSet<string>()) is { Count: > 0 } ready)
        {
            waves.Add(ready.Select(s => s.Name).ToList());
            foreach (var step in ready)
            {
                finished[step.Name] = result?.Invoke(step.Name) ?? StepResult.Ok;
            }
        }
        return waves;
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void The_plan_of_every_host_is_valid(bool containerMode, bool stateRequired) =>
        Assert.Empty(BootSchedule.Validate(BootPlan.Create(containerMode, stateRequired)));

    [Fact]
    public void The_plan_lists_the_phases_and_steps_of_the_boot_in_order()
    {
        Assert.Equal(["early", "state", "system"], Plan.Phases.Select(p => p.Name));
        Assert.Equal(["mount-early", "serve-control", "open-kmsg", "read-cmdline", "load-config", "load-modules", "mount-system"],
            Plan.Phase(BootPlan.EarlyPhase).Steps.Select(s => s.Name));
        Assert.Equal(["mount-state", "mount-boot", "bind-persistent", "cloud-init-save", "reload-config", "cloud-init-bootcmd"],
            Plan.Phase(BootPlan.StatePhase).Steps.Select(s => s.Name));
        Assert.Equal(["start-system-engine", "load-images", "start-services", "cloud-init-execute"],
            Plan.Phase(BootPlan.SystemPhase).Steps.Select(s => s.Name));
    }

    [Fact]
    public void Kinds_follow_the_host()
    {
        StepKind Kind(BootPlan plan, string step) => plan.Steps.Single(s => s.Name == step).Kind;
        Assert.Equal(StepKind.Required, Kind(Plan, "mount-early"));
        Assert.Equal(StepKind.BestEffort, Kind(BootPlan.Create(containerMode: true, stateRequired: false), "mount-early"));
        Assert.Equal(StepKind.BestEffort, Kind(Plan, "mount-state"));
        Assert.Equal(StepKind.Required, Kind(BootPlan.Create(containerMode: false, stateRequired: true), "mount-state"));
        Assert.Equal(["load-config", "mount-system", "reload-config", "start-system-engine"],
            Plan.Steps.Where(s => s.Kind == StepKind.Required && s.Name is not ("mount-early" or "mount-state")).Select(s => s.Name));
    }

    [Fact]
    public void Early_phase_runs_the_logs_and_the_api_beside_each_other_after_the_mounts()
    {
        Assert.Equal(
        [
            ["mount-early"],
            ["serve-control", "open-kmsg"],
            ["read-cmdline", "load-config"],
            ["load-modules"],
            ["mount-system"],
        ], Waves(Plan.Phase(BootPlan.EarlyPhase)));
    }

    [Fact]
    public void State_phase_mounts_the_boot_partition_beside_the_state_partition()
    {
        Assert.Equal(
        [
            ["mount-state", "mount-boot"],
            ["bind-persistent"],
            ["cloud-init-save"],
            ["reload-config"],
            ["cloud-init-bootcmd"],
        ], Waves(Plan.Phase(BootPlan.StatePhase)));
    }

    [Fact]
    public void System_phase_stays_in_order_each_step_reading_the_one_before()
    {
        Assert.Equal([["start-system-engine"], ["load-images"], ["start-services"], ["cloud-init-execute"]], Waves(Plan.Phase(BootPlan.SystemPhase)));
    }

    [Fact]
    public void Bootcmd_waits_for_the_slower_of_the_two_partitions()
    {
        var state = Plan.Phase(BootPlan.StatePhase);
        var finished = new Dictionary<string, StepResult>
        {
            ["mount-state"] = StepResult.Ok, ["bind-persistent"] = StepResult.Ok, ["cloud-init-save"] = StepResult.Degraded, ["reload-config"] = StepResult.Ok,
        };
        // mount-boot still resolving its label: bootcmd does not start
        Assert.Empty(BootSchedule.Ready(state, finished, new HashSet<string> { "mount-boot" }));
        finished["mount-boot"] = StepResult.Degraded;
        Assert.Equal(["cloud-init-bootcmd"], BootSchedule.Ready(state, finished, new HashSet<string>()).Select(s => s.Name));
    }

    [Fact]
    public void Running_and_finished_steps_are_not_started_again()
    {
        var early = Plan.Phase(BootPlan.EarlyPhase);
        var finished = new Dictionary<string, StepResult> { ["mount-early"] = StepResult.Ok, ["open-kmsg"] = StepResult.Ok };
        Assert.Equal(["read-cmdline", "load-config"],
            BootSchedule.Ready(early, finished, new HashSet<string> { "serve-control" }).Select(s => s.Name));
    }

    [Fact]
    public void A_degraded_or_failed_best_effort_need_counts_as_done()
    {
        var phase = new BootPhase("p", [B("modules"), S("mount", "modules")]);
        Assert.Equal([["modules"], ["mount"]], Waves(phase, _ => StepResult.Degraded));
        var failed = new Dictionary<string, StepResult> { ["modules"] = StepResult.Failed };
        Assert.Equal(["mount"], BootSchedule.Ready(phase, failed, new HashSet<string>()).Select(s => s.Name));
    }

    [Fact]
    public void A_failed_required_step_stops_the_phase_even_for_steps_that_do_not_need_it()
    {
        var phase = new BootPhase("p", [S("a"), S("b", "a"), B("c"), B("d", "c")]);
        var finished = new Dictionary<string, StepResult> { ["a"] = StepResult.Failed, ["c"] = StepResult.Ok };
        Assert.Empty(BootSchedule.Ready(phase, finished, new HashSet<string>()));
    }

    [Fact]
    public void Needs_on_an_earlier_phase_are_met_by_the_phase_order()
    {
        var plan = new BootPlan([new BootPhase("one", [S("a")]), new BootPhase("two", [S("b", "a"), S("c", "b")])]);
        Assert.Empty(BootSchedule.Validate(plan));
        Assert.Equal([["b"], ["c"]], Waves(plan.Phase("two")));
    }

    [Fact]
    public void Independent_steps_start_together_and_a_join_waits_for_all()
    {
        var phase = new BootPhase("p", [S("root"), S("left", "root"), S("right", "root"), S("join", "left", "right")]);
        Assert.Equal([["root"], ["left", "right"], ["join"]], Waves(phase));
        var finished = new Dictionary<string, StepResult> { ["root"] = StepResult.Ok, ["left"] = StepResult.Ok };
        Assert.Empty(BootSchedule.Ready(phase, finished, new HashSet<string> { "right" }));
    }

    [Fact]
    public void A_cycle_is_rejected_with_its_steps()
    {
        var plan = new BootPlan([new BootPhase("p", [S("a"), S("b", "a", "d"), S("c", "b"), S("d", "c"), S("e")])]);
        var problem = Assert.Single(BootSchedule.Validate(plan));
        Assert.Equal("phase 'p' has steps that wait on a cycle of needs: b, c, d", problem);
        // and the schedule never starts them
        Assert.Equal([["a", "e"]], Waves(plan.Phase("p")));
    }

    [Fact]
    public void A_step_needing_itself_is_rejected()
    {
        var plan = new BootPlan([new BootPhase("p", [S("a", "a")])]);
        Assert.Equal(["step 'a' needs itself"], BootSchedule.Validate(plan));
    }

    [Fact]
    public void An_unknown_need_is_rejected()
    {
        var plan = new BootPlan([new BootPhase("p", [S("a", "mount-nothing")])]);
        Assert.Equal(["step 'a' needs 'mount-nothing', which is no step of the plan"], BootSchedule.Validate(plan));
    }

    [Fact]
    public void A_need_on_a_later_phase_is_rejected()
    {
        var plan = new BootPlan([new BootPhase("one", [S("a", "b")]), new BootPhase("two", [S("b")])]);
        Assert.Equal(["step 'a' of phase 'one' needs 'b' of the later phase 'two'"], BootSchedule.Validate(plan));
    }

    [Fact]
    public void Duplicates_are_rejected()
    {
        var plan = new BootPlan([new BootPhase("p", [S("a")]), new BootPhase("q", [S("a")]), new BootPhase("p", [S("b"), S("")])]);
        Assert.Equal(["step 'a' is listed twice", "phase 'p' is listed twice", "a step of phase 'p' has no name"], BootSchedule.Validate(plan));
    }

    [Fact]
    public void Every_need_of_the_real_plan_points_backwards_and_every_step_but_the_first_has_one()
    {
        var seen = new HashSet<string>();
        foreach (var step in Plan.Steps)
        {
            Assert.All(step.Needs, n => Assert.Contains(n, seen));
            if (step.Name != "mount-early")
            {
                Assert.NotEmpty(step.Needs);
            }
            seen.Add(step.Name);
        }
    }

    [Fact]
    public void Steps_reading_the_settings_come_after_load_config_and_the_system_phase_after_reload_config()
    {
        var early = Plan.Phase(BootPlan.EarlyPhase);
        // everything of the early phase but the mounts, the logs and the API starts only once the settings are read
        Assert.Equal(["load-modules", "mount-system"], After(early, "load-config"));
        Assert.Equal(["cloud-init-bootcmd"], After(Plan.Phase(BootPlan.StatePhase), "reload-config"));
        Assert.Contains("reload-config", Plan.Phase(BootPlan.SystemPhase).Steps[0].Needs);
    }

    /// <summary>The steps of <paramref name="phase"/> that (directly or not) need <paramref name="step"/>.</summary>
    private static List<string> After(BootPhase phase, string step)
    {
        var after = new HashSet<string> { step };
        foreach (var s in phase.Steps)
        {
            if (s.Needs.Any(after.Contains))
            {
                after.Add(s.Name);
            }
        }
        return phase.Steps.Select(s => s.Name).Where(n => n != step && after.Contains(n)).ToList();
    }
}
