package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/openauth0/terraform-provider-auth0/internal/client"
	"github.com/openauth0/terraform-provider-auth0/internal/options"
)

// One constructor per kind of problem the connection resource and data
// sources report, so each kind reads the same wherever it arises.

// apiErrorDiagnostic quotes the API's errorCode and message verbatim and
// adds what to do for the errors a user can act on.
func apiErrorDiagnostic(summary string, err error) diag.Diagnostic {
	detail := err.Error()
	switch {
	case client.IsForbidden(err):
		detail += "\n\nThe credentials lack a scope this operation needs. Grant it to the application in the Auth0 dashboard " +
			"(APIs > Auth0 Management API > Machine to Machine Applications)."
	case client.IsRateLimited(err):
		detail += "\n\nThe tenant's rate limit was still exhausted after the retries: other consumers may be using the tenant's bucket. Raise rate_limit_reserve or max_retry_wait, or set rate_limit below what they leave."
	case client.IsBadRequest(err):
		detail += "\n\nThe API rejected the request body; the message above names the property."
	}
	return diag.NewErrorDiagnostic(summary, detail)
}

// connectionExistsDiagnostic explains a create refused because the name is
// taken, with the import command that adopts the existing connection.
// existing is nil when looking it up failed.
func connectionExistsDiagnostic(err error, name string, existing *client.Connection) diag.Diagnostic {
	detail := fmt.Sprintf("%s\n\nA connection named %q already exists. Import it with: terraform import auth0_connection.NAME %s",
		err, name, name)
	if existing != nil {
		detail = fmt.Sprintf("%s\n\nA connection named %q already exists (%s, strategy %s). Import it with: terraform import auth0_connection.NAME %s",
			err, name, existing.ID, existing.Strategy, existing.ID)
	}
	// The provider cannot tell this case from the others: Terraform creates
	// the replacement without saying what it replaces.
	detail += "\n\nIf Terraform is replacing that connection under lifecycle create_before_destroy, the old one still " +
		"holds the name when the new one is created, and Auth0 connection names are unique: remove " +
		"create_before_destroy, or give the new connection another name."
	return diag.NewAttributeErrorDiagnostic(path.Root("name"), "Connection already exists", detail)
}

// nameBeingDeletedDiagnostic explains a create still refused, after the
// client's waits, because Auth0 was deleting a connection of that name: a
// replacement that keeps the name (a strategy change) or a name freed by a
// destroy just before. Nothing to import: the name frees itself.
func nameBeingDeletedDiagnostic(err error, name string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("name"), "Connection name still being deleted",
		fmt.Sprintf("%s\n\nAuth0 deletes connections in the background, and a connection named %q was still being deleted "+
			"when the provider stopped waiting. Nothing was created. Run terraform apply again once the deletion has finished "+
			"(a connection with many users can take minutes).", err, name))
}

// connectionNotFoundDiagnostic is for a connection looked up by id or name
// (an import, the data source) that the tenant does not have.
func connectionNotFoundDiagnostic(ref string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Connection not found",
		fmt.Sprintf("No connection with id or name %q exists in the tenant. A connection is found by its id (con_…) or by its exact name.", ref))
}

// invalidImportIDDiagnostic is for an import id of the wrong shape: it
// says what the resource is imported by, with a command that works.
func invalidImportIDDiagnostic(resourceType, expected, example, got string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Invalid import id",
		fmt.Sprintf("Import %s by %s, for example: terraform import %s.NAME %s; got %q.", resourceType, expected, resourceType, example, got))
}

// unknownConnectionDiagnostic is for an API call refused because the
// connection named by connection_id does not exist: the usual mistake is
// a connection's name where its id belongs.
func unknownConnectionDiagnostic(connectionID string, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("connection_id"), "Connection does not exist",
		fmt.Sprintf("%s\n\nNo connection with id %q exists. connection_id takes a connection's id (con_…), "+
			"such as auth0_connection.NAME.id, not its name.", err, connectionID))
}

// unknownClientDiagnostic is for enabling applications the tenant does not
// have, reported on the attribute that names them.
func unknownClientDiagnostic(attribute path.Path, err error, clientIDs ...string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(attribute, "Client does not exist",
		fmt.Sprintf("%s\n\nThe tenant has no application with %s. %s takes application client ids "+
			"(for example auth0_client.NAME.client_id).", err, clientIDPhrase(clientIDs), attribute))
}

// clientIDPhrase writes `client id "a"` or `client ids "a", "b"`.
func clientIDPhrase(ids []string) string {
	quoted := make([]string, len(ids))
	for i, id := range ids {
		quoted[i] = fmt.Sprintf("%q", id)
	}
	noun := "client id"
	if len(ids) > 1 {
		noun = "client ids"
	}
	return noun + " " + strings.Join(quoted, ", ")
}

// connectionGoneDiagnostic warns that a refresh found a connection deleted
// outside Terraform. The connection resource and the resources that hang
// off a connection lose different things with it: removed says what leaves
// the state ("it is", "its enabled clients are"), nextApply what the next
// apply does about it.
func connectionGoneDiagnostic(connection, removed, nextApply string) diag.Diagnostic {
	return diag.NewWarningDiagnostic("Connection no longer exists",
		fmt.Sprintf("Connection %s was not found in the tenant; it was deleted outside Terraform, so %s removed from the state. "+
			"The next apply %s.", connection, removed, nextApply))
}

// missingOptionsScopeDiagnostic is for a connection the API returned
// without its options, which it does when the token lacks
// read:connections_options.
func missingOptionsScopeDiagnostic(id string) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Connection options are not readable",
		fmt.Sprintf("The API returned connection %s without its options: the token lacks the read:connections_options scope "+
			"(and updates need update:connections_options). Without the live options the provider cannot merge, so it sends "+
			"nothing. Grant both scopes to the provider's credentials.", id))
}

// unreadableOptionsDiagnostic is for options from the API that are not a
// JSON object the options package accepts.
func unreadableOptionsDiagnostic(id string, err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Unreadable options from the API",
		fmt.Sprintf("The options of connection %s could not be decoded: %s", id, err))
}

// invalidJSONDiagnostic is for an option attribute that is not a JSON object.
func invalidJSONDiagnostic(p path.Path, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(p, "Invalid JSON object",
		fmt.Sprintf("%s must be a JSON object, as written by jsonencode({...}): %s", p, err))
}

// optionProblemDiagnostic reports what options.Validate found in the
// attribute at p, naming the key inside it.
func optionProblemDiagnostic(p path.Path, problem options.Problem) diag.Diagnostic {
	detail := problem.Detail
	if len(problem.Path) > 0 {
		detail = fmt.Sprintf("%s.%s: %s", p, problem.Path, problem.Detail)
	}
	if problem.Severity == options.Warning {
		return diag.NewAttributeWarningDiagnostic(p, problem.Summary, detail)
	}
	return diag.NewAttributeErrorDiagnostic(p, problem.Summary, detail)
}

// optionSetTwiceDiagnostic is for a key that two option attributes set.
func optionSetTwiceDiagnostic(attribute string, others []string, err error) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attribute), "Option set twice",
		fmt.Sprintf("%s and %v both set the same option key: %s. Each key belongs in exactly one of them.", attribute, others, err))
}

// upstreamParamsUnsupportedDiagnostic is for the upstream_params attribute
// on a strategy that forwards no request parameters.
func upstreamParamsUnsupportedDiagnostic(strategy string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("upstream_params"), "upstream_params not supported by this strategy",
		fmt.Sprintf("Strategy %q forwards no request parameters to its identity provider, so it takes no upstream parameters. Remove upstream_params.", strategy))
}

// crossAppAccessUnsupportedDiagnostic is for a Cross App Access attribute
// on a strategy that does not take it: the API would refuse it at apply
// time with 400 operation_not_supported.
func crossAppAccessUnsupportedDiagnostic(attribute, strategy string) diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root(attribute), attribute+" not supported by this strategy",
		fmt.Sprintf("Cross App Access is available on %s connections only; Auth0 refuses it for strategy %q. Remove %s.",
			orList(strategiesWith(options.Rules.TakesCrossAppAccess)), strategy, attribute))
}

// strategiesWith lists the strategies whose rules say yes to has, in the
// rules' order.
func strategiesWith(has func(options.Rules) bool) []string {
	var out []string
	for _, s := range options.Strategies() {
		if has(options.RulesFor(s)) {
			out = append(out, s)
		}
	}
	return out
}

// upstreamParamsSetTwiceDiagnostic is for upstream parameters written both
// in options and in the upstream_params attribute.
func upstreamParamsSetTwiceDiagnostic() diag.Diagnostic {
	return diag.NewAttributeErrorDiagnostic(path.Root("options"), "upstream_params set twice",
		"options contains \"upstream_params\" and the upstream_params attribute is set too. Keep one: the upstream_params attribute is preferred.")
}

// encryptedNotImportedDiagnostic warns that an import left the
// server-encrypted options unmanaged: the API returns only their ciphertext.
func encryptedNotImportedDiagnostic(paths []options.Path) diag.Diagnostic {
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = p.String()
	}
	return diag.NewWarningDiagnostic("Encrypted options not imported",
		fmt.Sprintf("The API returns only ciphertext for %s, so they were not imported and stay unmanaged (and untouched). "+
			"To manage them, write their plaintext values in secret_options or secret_options_wo.", strings.Join(names, ", ")))
}

// replacementDiagnostic warns that changing the attribute at p replaces the
// connection named connection, which deletes its users.
func replacementDiagnostic(p path.Path, connection, prior, planned string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(p, "Replacing the connection deletes its users",
		fmt.Sprintf("Changing %s from %q to %q destroys connection %q and creates a new one. Every user stored in or linked "+
			"through the old connection is deleted with it. If that is not intended, keep the old value.",
			p, prior, planned, connection))
}

// writeOnlyKeysNotRecordedDiagnostic is for a failure to keep the key paths
// of the write-only secrets just sent.
func writeOnlyKeysNotRecordedDiagnostic(err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Recording write-only keys failed", err.Error())
}

// writeOnlyKeysUnreadableDiagnostic warns that the key paths of the
// write-only secrets sent last could not be read back.
func writeOnlyKeysUnreadableDiagnostic() diag.Diagnostic {
	return diag.NewWarningDiagnostic("Unreadable private state",
		"The key paths of the write-only secrets sent last could not be read; keys removed from secret_options_wo will not be deleted this time.")
}

// unexpectedProviderDataDiagnostic is for provider data of the wrong type,
// which only a bug can cause.
func unexpectedProviderDataDiagnostic(data any) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Unexpected provider data",
		fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider.", data))
}

// releasedKeysDiagnostic warns that a plan drops adopted option keys from
// the state although the apply keeps them on the server.
func releasedKeysDiagnostic(p path.Path, keys []string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(p, "Adopted options leave the state, not the server",
		fmt.Sprintf("The plan shows %s removed, but the apply does not delete %s: %s adopted from the server (by an import "+
			"or from an auth0/auth0 state) and no configuration wrote %s. As the configuration changes %s, Terraform requires "+
			"the plan to show it exactly as configured, so these keys leave the state; they stay on the server as they are, "+
			"unmanaged. To manage one, write it in %s; to delete one, write it as null.",
			strings.Join(keys, ", "), pronoun(keys, "it", "them"), pronoun(keys, "it was", "they were"), pronoun(keys, "it", "them"),
			p, p))
}

// restoredNullsDiagnostic warns that keys the configuration deletes are back
// on the server right after the apply deleted them.
func restoredNullsDiagnostic(p path.Path, keys []string) diag.Diagnostic {
	it, itIs := pronoun(keys, "it", "them"), pronoun(keys, "it is", "they are")
	return diag.NewAttributeWarningDiagnostic(p, "Deleted options are back on the server",
		fmt.Sprintf("The configuration writes %[1]s as null, which deletes %[2]s, but Auth0 answered this apply with %[2]s "+
			"set again: the server sets %[2]s whenever %[3]s absent (a strategy default, or a value derived from other "+
			"options). The deletion cannot stick, so every plan will show %[2]s as a change. Write the value you want "+
			"instead of null, or remove %[2]s from %[4]s to leave %[2]s unmanaged.",
			strings.Join(keys, ", "), it, itIs, p))
}

// undeletableKeysDiagnostic warns that a plan shows option keys removed
// that Auth0 puts back on every update, so the apply cannot delete them.
func undeletableKeysDiagnostic(p path.Path, keys []string) diag.Diagnostic {
	return setByAuth0Diagnostic(p, keys, "Removed options stay on the server",
		"The plan shows %[1]s removed, but Auth0 sets %[2]s again whenever %[3]s absent (a default it "+
			"re-applies on every update), so the apply cannot delete %[2]s.")
}

// restoredDeletionsDiagnostic warns that keys an apply deleted, because the
// configuration no longer writes them, are back on the server.
func restoredDeletionsDiagnostic(p path.Path, keys []string) diag.Diagnostic {
	return setByAuth0Diagnostic(p, keys, "Removed options are back on the server",
		"The configuration no longer writes %[1]s, so this apply deleted %[2]s, but Auth0 answered with %[2]s "+
			"set again: the server sets %[2]s whenever %[3]s absent.")
}

// setByAuth0Diagnostic is a warning about removed keys Auth0 holds again:
// why (a format given the keys, "it" or "them", and "it is" or "they
// are"), then what that leaves and how to choose their value.
func setByAuth0Diagnostic(p path.Path, keys []string, summary, whyFormat string) diag.Diagnostic {
	why := fmt.Sprintf(whyFormat, strings.Join(keys, ", "), pronoun(keys, "it", "them"), pronoun(keys, "it is", "they are"))
	return diag.NewAttributeWarningDiagnostic(p, summary,
		fmt.Sprintf("%s %s on the server, set by Auth0, and no longer managed. To choose %s value, keep %s in %s "+
			"with the value you want.", why, pronoun(keys, "It stays", "They stay"), pronoun(keys, "its", "their"),
			pronoun(keys, "it", "them"), p))
}

// keptObjectsDiagnostic warns that a plan shows option objects removed that
// stay on the server, holding keys no configuration wrote.
func keptObjectsDiagnostic(p path.Path, objects, kept []string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(p, "Removed objects stay on the server",
		fmt.Sprintf("The plan shows %[1]s removed, but on the server %[2]s also %[3]s %[4]s, which no configuration wrote "+
			"(a default Auth0 added, or a setting made in the dashboard). The apply deletes only the keys a configuration "+
			"wrote, so %[2]s %[5]s on the server, holding only %[6]s. To delete %[7]s whole, write %[7]s as null in %[8]s.",
			strings.Join(objects, ", "), pronoun(objects, "it", "they"), pronoun(objects, "holds", "hold"),
			strings.Join(kept, ", "), pronoun(objects, "stays", "stay"), pronoun(kept, "that key", "those keys"),
			pronoun(objects, "it", "them"), p))
}

// secretsDeletedDiagnostic tells which secret keys a plan deletes: the
// plan shows the attribute changed and nothing more.
func secretsDeletedDiagnostic(p path.Path, keys []string) diag.Diagnostic {
	return diag.NewAttributeWarningDiagnostic(p, "Secret options deleted",
		fmt.Sprintf("The apply deletes %s from the server: the configuration no longer writes %s. Terraform hides %s "+
			"in the plan, keys and values alike, so this warning names the keys (never their values).",
			strings.Join(keys, ", "), pronoun(keys, "it", "them"), p))
}

func pronoun(keys []string, one, many string) string {
	if len(keys) == 1 {
		return one
	}
	return many
}

// writtenRecordUnreadableDiagnostic warns that the record of the option
// keys configurations wrote could not be read back.
func writtenRecordUnreadableDiagnostic() diag.Diagnostic {
	return diag.NewWarningDiagnostic("Unreadable private state",
		"The record of the option keys the configuration wrote could not be read; the keys the state holds count as written this time.")
}

// writtenRecordNotStoredDiagnostic is for a failure to keep that record.
func writtenRecordNotStoredDiagnostic(err error) diag.Diagnostic {
	return diag.NewErrorDiagnostic("Recording the written option keys failed", err.Error())
}
