using InitOS.Boot.Logging;
using InitOS.Core.Boot;

namespace InitOS.Boot.Tests;

/// <summary>Issue 10: InitRuntime has exactly one action for every step of <see cref="BootPlan"/>, phase by phase.</summary>
public class BootPlanWiringTests
{
    private static InitRuntime Runtime(bool containerMode)
    {
        var ports = new InitPorts(new FakeSyscalls(), null!, null!, null!, null!, null!, null!, null!, null!, () => null);
        return new InitRuntime(ports, new BootLogger(() => 0, new RingLog()), new InitOptions("v1", ContainerMode: containerMode), new FakeClock());
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Every_planned_step_has_an_action_and_every_action_a_planned_step(bool containerMode, bool stateRequired)
    {
        var plan = BootPlan.Create(containerMode, stateRequired);
        Assert.Empty(BootSchedule.Validate(plan));
        var init = Runtime(containerMode);
        foreach (var phase in plan.Phases)
        {
            var actions = init.StepActions(phase.Name);
            var planned = phase.Steps.Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(planned, actions.Keys.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void The_plan_has_the_three_phases_the_runtime_runs()
    {
        var init = Runtime(containerMode: false);
        Assert.Equal([BootPlan.EarlyPhase, BootPlan.StatePhase, BootPlan.SystemPhase], BootPlan.Create(false, false).Phases.Select(p => p.Name));
        Assert.Throws<ArgumentException>(() => init.StepActions("late"));
    }
}
