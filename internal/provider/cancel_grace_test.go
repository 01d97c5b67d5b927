package provider

import (
	"context"
	"testing"
	"time"
)

type ctxKey struct{}

func TestFinishDespiteCancelOutlivesTheParentForTheGrace(t *testing.T) {
	parent, cancelParent := context.WithCancel(context.WithValue(t.Context(), ctxKey{}, "logger"))
	// A grace ten times the first look below: the look cannot come after
	// the grace unless the machine stalls for most of a second.
	const grace = time.Second
	ctx, release := finishDespiteCancel(parent, grace)
	defer release()
	if ctx.Value(ctxKey{}) != "logger" {
		t.Error("the values of the parent are lost")
	}

	cancelParent()
	start := time.Now()
	select {
	case <-ctx.Done():
		t.Fatalf("cancelled %s after the parent, before the grace of %s", time.Since(start), grace)
	case <-time.After(grace / 10):
	}
	select {
	case <-ctx.Done():
		if d := time.Since(start); d < grace {
			t.Errorf("cancelled %s after the parent, before the grace of %s", d, grace)
		}
	case <-time.After(time.Minute):
		t.Fatal("not cancelled a minute after the parent")
	}
}

func TestFinishDespiteCancelWithoutParentCancellation(t *testing.T) {
	parent, cancelParent := context.WithCancel(t.Context())
	defer cancelParent()
	ctx, release := finishDespiteCancel(parent, time.Millisecond)
	time.Sleep(20 * time.Millisecond)
	if ctx.Err() != nil {
		t.Fatal("cancelled although the parent was not: a run that is not interrupted must not be limited")
	}
	release()
	if ctx.Err() == nil {
		t.Error("release did not cancel")
	}
	// Cancelling the parent after release starts no timer on a dead context.
	cancelParent()
}
