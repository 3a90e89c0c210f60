using InitOS.Core.Lifecycle;

namespace InitOS.Core.Tests.Lifecycle;

public class BootSlotsTests
{
    private static GrubEnv Env(params (string Key, string Value)[] values) =>
        values.Aggregate(GrubEnv.Empty, (env, kv) => env.With(kv.Key, kv.Value));

    private static Slot Booted(string name) => Slots.TryParse(name, out var s) ? s : throw new InvalidOperationException(name);

    [Fact]
    public void Slot_names_and_the_other_slot()
    {
        Assert.Equal(Slot.B, Slots.Other(Slot.A));
        Assert.Equal(Slot.A, Slots.Other(Slot.B));
        Assert.Equal("A", Slots.Name(Slot.A));
        Assert.Equal("B", Slots.Name(Slot.B));
        Assert.True(Slots.TryParse("B", out var b));
        Assert.Equal(Slot.B, b);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("C")]
    [InlineData(" A")]
    [InlineData("AB")]
    public void Only_exactly_A_or_B_is_a_slot(string? text)
    {
        Assert.False(Slots.TryParse(text, out _));
    }

    [Fact]
    public void A_fresh_install_is_committed_on_its_first_slot()
    {
        var env = BootSlots.Initial(Slot.A);
        Assert.Equal(["active", "next"], env.Values.Keys);
        Assert.Equal("A", env.Get("active"));
        Assert.Equal("A", env.Get("next"));
        Assert.Equal(new SlotStatus(SlotStatusKind.Committed, Slot.A, Slot.A, Slot.A, 0, null, null), BootSlots.Assess(env, Slot.A));
        Assert.Equal("A", GrubBootSimulator.Boot(env).Default);
    }

    [Fact]
    public void Staging_an_upgrade_points_next_at_the_other_slot_with_tries()
    {
        var env = BootSlots.StageUpgrade(BootSlots.Initial(Slot.A).With("A_ver", "0.1.0"), Slot.A, BootSlots.DefaultTries);
        Assert.Equal("active=A\nnext=B\nA_ver=0.1.0\ntries=2\n", env.ToString());
        // the running slot still sees itself committed
        Assert.Equal(SlotStatusKind.Committed, BootSlots.Assess(env, Slot.A).Kind);
    }

    [Theory]
    [InlineData(0, "1")]
    [InlineData(-3, "1")]
    [InlineData(1, "1")]
    [InlineData(5, "5")]
    [InlineData(99, "5")]
    public void Staged_tries_are_clamped_to_1_to_5(int tries, string expected)
    {
        Assert.Equal(expected, BootSlots.StageUpgrade(BootSlots.Initial(Slot.B), Slot.B, tries).Get("tries"));
    }

    [Fact]
    public void A_trial_boot_is_assessed_as_trial_and_commit_makes_it_active()
    {
        var staged = BootSlots.StageUpgrade(BootSlots.Initial(Slot.A), Slot.A, 2);
        var (target, env) = GrubBootSimulator.Boot(staged);
        Assert.Equal("B", target);
        Assert.Equal("1", env.Get("tries"));

        var status = BootSlots.Assess(env, Booted(target));
        Assert.Equal(new SlotStatus(SlotStatusKind.Trial, Slot.B, Slot.A, Slot.B, 1, null, null), status);

        var committed = BootSlots.Commit(env, Slot.B);
        Assert.Equal("active=B\nnext=B\n", committed.ToString());
        Assert.Equal(SlotStatusKind.Committed, BootSlots.Assess(committed, Slot.B).Kind);
        Assert.Equal("B", GrubBootSimulator.Boot(committed).Default);
    }

    [Fact]
    public void A_failing_trial_is_retried_while_tries_last_then_grub_falls_back()
    {
        var env = BootSlots.StageUpgrade(BootSlots.Initial(Slot.A), Slot.A, 2);

        (var target, env) = GrubBootSimulator.Boot(env);
        Assert.Equal("B", target);
        env = BootSlots.MarkTrialFailed(env, Slot.B, "system-docker did not start within 120 s");
        Assert.Equal("B", env.Get("next"));
        Assert.Equal("1", env.Get("tries"));

        (target, env) = GrubBootSimulator.Boot(env);
        Assert.Equal("B", target);
        Assert.Equal(SlotStatusKind.Trial, BootSlots.Assess(env, Slot.B).Kind);
        Assert.Equal(0, BootSlots.Assess(env, Slot.B).TriesLeft);
        env = BootSlots.MarkTrialFailed(env, Slot.B, "system-docker did not start within 120 s");

        (target, env) = GrubBootSimulator.Boot(env);
        Assert.Equal("A", target);
        var status = BootSlots.Assess(env, Slot.A);
        Assert.Equal(new SlotStatus(SlotStatusKind.FellBack, Slot.A, Slot.A, Slot.A, 0, Slot.B, "system-docker did not start within 120 s"), status);

        // PID 1 reads the reason, then commits the slot it is on: the failure keys go
        var committed = BootSlots.Commit(env, Slot.A);
        Assert.Equal("active=A\nnext=A\n", committed.ToString());
    }

    [Fact]
    public void A_trial_that_panics_without_marking_still_falls_back_with_no_reason()
    {
        var env = BootSlots.StageUpgrade(BootSlots.Initial(Slot.B), Slot.B, 1);
        (var first, env) = GrubBootSimulator.Boot(env);
        Assert.Equal("A", first);
        (var second, env) = GrubBootSimulator.Boot(env);
        Assert.Equal("B", second);
        var status = BootSlots.Assess(env, Slot.B);
        Assert.Equal(SlotStatusKind.FellBack, status.Kind);
        Assert.Equal(Slot.A, status.FailedSlot);
        Assert.Null(status.FailReason);
    }

    [Fact]
    public void Another_upgrade_is_refused_while_the_running_slot_is_on_trial()
    {
        var (_, env) = GrubBootSimulator.Boot(BootSlots.StageUpgrade(BootSlots.Initial(Slot.A), Slot.A, 2));
        var e = Assert.Throws<InvalidOperationException>(() => BootSlots.StageUpgrade(env, Slot.B, 2));
        Assert.Equal("slot B is still on trial; it must be committed (healthy boot) before another upgrade", e.Message);

        var committed = BootSlots.Commit(env, Slot.B);
        Assert.Equal("active=B\nnext=A\ntries=2\n", BootSlots.StageUpgrade(committed, Slot.B, 2).ToString());
    }

    [Fact]
    public void Staging_after_a_fallback_clears_the_old_failure()
    {
        var env = Env(("active", "A"), ("next", "A"), ("tries", "0"), ("rolled_back", "1"), ("failed", "B"), ("fail_reason", "x"));
        Assert.Equal("active=A\nnext=B\ntries=3\n", BootSlots.StageUpgrade(env, Slot.A, 3).ToString());
    }

    [Fact]
    public void Staging_from_a_slot_booted_by_hand_makes_the_running_slot_the_fallback()
    {
        // active=A but B was picked in the GRUB menu: the upgrade overwrites A, so B must be what GRUB falls back to
        var env = BootSlots.StageUpgrade(Env(("active", "A"), ("next", "A")), Slot.B, 2);
        Assert.Equal("active=B\nnext=A\ntries=2\n", env.ToString());
    }

    [Fact]
    public void Rollback_switches_both_active_and_next_to_the_other_slot()
    {
        var env = Env(("active", "B"), ("next", "B"), ("tries", "0"), ("rolled_back", "1"), ("failed", "A"), ("fail_reason", "r"), ("B_ver", "0.2.0"));
        var back = BootSlots.Rollback(env, Slot.B);
        Assert.Equal("active=A\nnext=A\nB_ver=0.2.0\n", back.ToString());
        Assert.Equal("A", GrubBootSimulator.Boot(back).Default);
    }

    [Fact]
    public void Mark_failed_sanitises_the_reason_to_one_short_line()
    {
        var env = BootSlots.MarkTrialFailed(BootSlots.Initial(Slot.A), Slot.B, "  first line\nsecond\\line\tend é  " + new string('x', 300));
        var reason = env.Get("fail_reason")!;
        Assert.Equal(160, reason.Length);
        Assert.StartsWith("first line second/line end ?  xxx", reason);
        Assert.Equal("B", env.Get("failed"));
        Assert.Equal("no reason given", BootSlots.MarkTrialFailed(GrubEnv.Empty, Slot.A, " \n ").Get("fail_reason"));
        // it still fits in the first sector of the block with everything else set
        var full = BootSlots.StageUpgrade(BootSlots.Initial(Slot.A), Slot.A, 5).With("rolled_back", "1");
        var block = BootSlots.MarkTrialFailed(full, Slot.B, new string('y', 500)).ToBlock();
        Assert.True(block.AsSpan(0, 512).IndexOf("fail_reason="u8) > 0);
        Assert.Equal((byte)'#', block[511]);
    }

    [Theory]
    [InlineData("", "", "", Slot.A, SlotStatusKind.Committed, Slot.A, null, 0)]
    [InlineData("C", "x", "many", Slot.B, SlotStatusKind.Committed, Slot.B, null, 0)]
    [InlineData("a", "B", "2", Slot.B, SlotStatusKind.Committed, Slot.B, Slot.B, 2)]
    [InlineData("A", "B", "-1", Slot.B, SlotStatusKind.Trial, Slot.A, Slot.B, 0)]
    [InlineData("A", "B", "6", Slot.B, SlotStatusKind.Trial, Slot.A, Slot.B, 0)]
    [InlineData("A", "B", " 3", Slot.B, SlotStatusKind.Trial, Slot.A, Slot.B, 0)]
    [InlineData("A", "B", "3", Slot.A, SlotStatusKind.Committed, Slot.A, Slot.B, 3)]
    [InlineData("B", "", "", Slot.B, SlotStatusKind.Committed, Slot.B, null, 0)]
    public void Odd_values_never_throw_and_read_as_documented(string active, string next, string tries, Slot booted,
        SlotStatusKind kind, Slot expectedActive, Slot? expectedNext, int expectedTries)
    {
        var env = Env(("active", active), ("next", next), ("tries", tries), ("failed", "Z"), ("fail_reason", ""));
        var status = BootSlots.Assess(env, booted);
        Assert.Equal(new SlotStatus(kind, booted, expectedActive, expectedNext, expectedTries, null, null), status);
    }

    [Fact]
    public void Rolled_back_counts_only_as_exactly_1_on_the_active_slot()
    {
        Assert.Equal(SlotStatusKind.Committed, BootSlots.Assess(Env(("active", "A"), ("rolled_back", "yes")), Slot.A).Kind);
        Assert.Equal(SlotStatusKind.Committed, BootSlots.Assess(Env(("active", "A"), ("rolled_back", "1")), Slot.B).Kind);
        Assert.Equal(SlotStatusKind.FellBack, BootSlots.Assess(Env(("rolled_back", "1")), Slot.B).Kind);
    }

    [Fact]
    public void Transitions_keep_keys_they_do_not_own()
    {
        var env = Env(("A_ver", "0.1.0"), ("append", "quiet"));
        foreach (var next in new[]
                 {
                     BootSlots.Commit(env, Slot.A), BootSlots.StageUpgrade(env, Slot.A, 2),
                     BootSlots.MarkTrialFailed(env, Slot.A, "r"), BootSlots.Rollback(env, Slot.A),
                 })
        {
            Assert.Equal("0.1.0", next.Get("A_ver"));
            Assert.Equal("quiet", next.Get("append"));
        }
    }
}
