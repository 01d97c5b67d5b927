package provider

import (
	"context"
	"testing"
	"time"
)

type ctxKey struct{}

func TestFinishDespiteCancelOutlivesTheParentForTheGrace(t *testing.T) {
	parent, cancelParent := context.WithCancel(context.WithValue(t.Context(), ctxKey{}, "logger"))
	ctx, release := finishDespiteCancel(parent, 100*time.Millisecond)
	defer release()
	if ctx.Value(ctxKey{}) != "logger" {
		t.Error("the values of the parent are lost")
	}

	cancelParent()
	select {
	case <-ctx.Done():
		t.Fatal("cancelled with the parent")
	case <-time.After(50 * time.Millisecond):
	}
	select {
	case <-ctx.Done():
	case <-time.After(2 * time.Second):
		t.Fatal("not cancelled after the grace")
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
