package options

// Known option keys with their JSON types, enums and ranges. A wrong type or
// value here is a plan-time error; keys not listed pass unchecked, because
// Auth0 adds options over time (every options schema is
// additionalProperties:true). Sources: [O] OpenAPI schemas
// (ConnectionPropertiesOptions and ConnectionOptions<Strategy>), [S] go-auth0
// option structs, [R] recorded requests. Where the sources disagree with a
// recorded successful request, the recording wins (dpop_signing_alg: the
// OpenAPI enum is ES256|Ed25519, yet ES384 and ES512 were accepted [R], so it
// is only typed as a string).

// apiCommon is ConnectionPropertiesOptions [O]: the create/update schema
// validates these for every strategy.
func apiCommon() fields {
	identifier := closedObj(fields{
		"active":         boolean(),
		"default_method": enum("password", "email_otp"),
	})
	verification := closedObj(fields{"active": boolean()})
	signupVerified := closedObj(fields{
		"status":       enum("required", "optional", "inactive"),
		"verification": verification,
	})
	onOff := func() *spec { return closedObj(fields{"enabled": boolean()}) }
	signingAlgs := []string{"ES256", "ES384", "PS256", "PS384", "RS256", "RS384", "RS512"}

	return fields{
		"validation": closedObj(fields{
			"username": closedObj(fields{
				"min": intMin(1),
				"max": intRange(1, 128),
			}).nullable(),
		}).nullable(),
		"non_persistent_attrs": strs().nullable(),
		"precedence":           arr(enum("email", "phone_number", "username")).count(3, 0),
		"attributes": closedObj(fields{
			"email": closedObj(fields{
				"identifier":          identifier,
				"unique":              boolean(),
				"profile_required":    boolean(),
				"verification_method": enum("link", "otp"),
				"signup":              signupVerified,
			}),
			"phone_number": closedObj(fields{
				"identifier":       identifier,
				"profile_required": boolean(),
				"signup":           signupVerified,
			}),
			"username": closedObj(fields{
				"identifier":       identifier,
				"profile_required": boolean(),
				"signup":           closedObj(fields{"status": enum("required", "optional", "inactive")}),
				"validation": closedObj(fields{
					"min_length": intRange(1, 128),
					"max_length": intRange(1, 128),
					"allowed_types": closedObj(fields{
						"email":        boolean(),
						"phone_number": boolean(),
					}),
				}),
			}),
		}),
		"enable_script_context":        boolean(),
		"enabledDatabaseCustomization": boolean(),
		"import_mode":                  boolean(),
		"configuration":                mapOf(strN()).nullable(),
		"customScripts": obj(fields{
			"login":               str().length(1, 0),
			"get_user":            str().length(1, 0),
			"delete":              str().length(1, 0),
			"change_password":     str().length(1, 0),
			"verify":              str().length(1, 0),
			"create":              str().length(1, 0),
			"change_username":     str().length(1, 0),
			"change_email":        str().length(1, 0),
			"change_phone_number": str().length(1, 0),
		}),
		"authentication_methods": closedObj(fields{
			"password": closedObj(fields{
				"enabled":         boolean(),
				"api_behavior":    enum("required", "optional"),
				"signup_behavior": enum("allow", "block"),
			}),
			"passkey":   onOff(),
			"email_otp": onOff(),
			"phone_otp": onOff(),
		}).nullable(),
		"passkey_options": closedObj(fields{
			"challenge_ui":                   enum("both", "autofill", "button"),
			"progressive_enrollment_enabled": boolean(),
			"local_enrollment_enabled":       boolean(),
		}).nullable(),
		"passwordPolicy":              enum("none", "low", "fair", "good", "excellent").nullable(),
		"password_complexity_options": closedObj(fields{"min_length": intRange(1, 128)}).nullable(),
		"password_history": closedObj(fields{
			"enable": boolean(),
			"size":   intRange(0, 24),
		}).nullable(),
		"password_no_personal_info": closedObj(fields{"enable": boolean()}).nullable(),
		"password_dictionary": closedObj(fields{
			"enable":     boolean(),
			"dictionary": arr(str().length(0, 50)).count(0, 200),
		}).nullable(),
		"api_enable_users":                     boolean(),
		"api_enable_groups":                    boolean(),
		"basic_profile":                        boolean(),
		"ext_admin":                            boolean(),
		"ext_is_suspended":                     boolean(),
		"ext_agreed_terms":                     boolean(),
		"ext_groups":                           boolean(),
		"ext_assigned_plans":                   boolean(),
		"ext_profile":                          boolean(),
		"disable_self_service_change_password": boolean(),
		"upstream_params":                      &spec{kinds: kObject | kNull, upstream: true},
		"set_user_root_attributes":             enum("on_each_login", "on_first_login", "never_on_login"),
		"gateway_authentication": obj(fields{
			"method":                str(),
			"subject":               str(),
			"audience":              str(),
			"secret":                str(),
			"secret_base64_encoded": boolean(),
		}).nullable(),
		"federated_connections_access_tokens": closedObj(fields{"active": boolean()}).nullable(),
		"password_options": closedObj(fields{
			"complexity": closedObj(fields{
				"min_length":            intRange(1, 72),
				"character_types":       arr(enum("uppercase", "lowercase", "number", "special")),
				"character_type_rule":   enum("all", "three_of_four"),
				"identical_characters":  enum("allow", "block"),
				"sequential_characters": enum("allow", "block"),
				"max_length_exceeded":   enum("truncate", "error"),
			}),
			"dictionary": closedObj(fields{
				"active":  boolean(),
				"custom":  arr(str().length(0, 50)).count(0, 200),
				"default": enum("en_10k", "en_100k"),
			}),
			"history": closedObj(fields{
				"active": boolean(),
				"size":   intRange(1, 24),
			}),
			"profile_data": closedObj(fields{
				"active":         boolean(),
				"blocked_fields": arr(str().length(0, 100)).count(0, 12),
			}),
		}),
		"assertion_decryption_settings": closedObj(fields{
			"algorithm_profile":    enum("v2026-1"),
			"algorithm_exceptions": arr(str().length(1, 100)),
		}),
		"id_token_signed_response_algs":   arr(enum(signingAlgs...)).nullable(),
		"token_endpoint_auth_method":      enum("client_secret_post", "private_key_jwt").nullable(),
		"token_endpoint_auth_signing_alg": enum(signingAlgs...).nullable(),
		"token_endpoint_jwtca_aud_format": enum("issuer", "token_endpoint"),
	}
}

// universal keys have the same type in every strategy that uses them [O][S].
func universal() fields {
	return fields{
		"strategy_version":       intMin(1),
		"icon_url":               str(),
		"domain_aliases":         strs(),
		"tenant_domain":          str(),
		"client_id":              strN(),
		"client_secret":          strN(),
		"brute_force_protection": boolean(),
		"disable_signup":         boolean(),
	}
}

func flags(names ...string) fields {
	f := make(fields, len(names))
	for _, n := range names {
		f[n] = boolean()
	}
	return f
}

func totp() *spec {
	return closedObj(fields{
		"length":    intRange(4, 40),
		"time_step": intMin(60),
	})
}

func trustEmail() *spec {
	return enum("never_set_emails_as_verified", "always_set_emails_as_verified")
}

func keyPair() *spec { return obj(fields{"key": str(), "cert": str()}) }

func scriptsOAuth() *spec { return obj(fields{"fetchUserProfile": str()}) }

// oidcCommon is ConnectionOptionsCommonOIDC [O], shared by oidc and okta.
func oidcCommon() fields {
	return fields{
		"authorization_endpoint":            strN(),
		"token_endpoint":                    strN(),
		"userinfo_endpoint":                 strN(),
		"issuer":                            strN(),
		"jwks_uri":                          strN(),
		"scope":                             str(),
		"connection_settings":               obj(fields{"pkce": enum("auto", "S256", "plain", "disabled")}),
		"dpop_signing_alg":                  str(),
		"oidc_metadata":                     anyObj(),
		"send_back_channel_nonce":           boolean(),
		"id_token_session_expiry_supported": boolean(),
		"schema_version":                    str(),
	}
}

func attributeMap(modes ...string) *spec {
	return obj(fields{
		"mapping_mode":   enum(modes...),
		"userinfo_scope": str(),
		"attributes":     anyObj(),
	})
}

// samlCommon is ConnectionOptionsCommonSAML [O] plus the SAML keys go-auth0
// gives both samlp and pingfederate [S].
func samlCommon() fields {
	return fields{
		"cert":          str(),
		"expires":       str(),
		"subject":       anyObj(),
		"thumbprints":   strs(),
		"decryptionKey": keyPair(),
		// go-auth0 spells it decryption_key for pingfederate.
		"decryption_key":     keyPair(),
		"signing_key":        keyPair(),
		"signingCert":        str(),
		"digestAlgorithm":    enum("sha1", "sha256"),
		"signatureAlgorithm": enum("rsa-sha1", "rsa-sha256"),
		"protocolBinding": enum(
			"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
			"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect",
		),
		"entityId": str(),
		// additionalProperties false but maxProperties 6 [O]: go-auth0 also
		// sends set_user_root_attributes/non_persistent_attrs here, so other
		// members are not flagged.
		"idpinitiated": obj(fields{
			"enabled":   boolean(),
			"client_id": str(),
			// oidc|samlp|wsfed [O]; oauth2 is the legacy spelling of
			// oidc that older connections still hold [D].
			"client_protocol":       enum("oidc", "samlp", "wsfed", "oauth2"),
			"client_authorizequery": str(),
		}),
		"signInEndpoint":    str(),
		"signOutEndpoint":   str(),
		"signSAMLRequest":   boolean(),
		"disableSignout":    boolean(),
		"debug":             boolean(),
		"requestTemplate":   str(),
		"user_id_attribute": str(),
		"metadataUrl":       str(),
		"metadataXml":       str(),
		// string or up to 4 fallback attribute names [O].
		"fieldsMap": mapOf(str().or(arr(str()).count(0, 4))),
	}
}

// strategyFields are the keys specific to one strategy.
var strategyFields = map[string]func() fields{
	"auth0": func() fields {
		return fields{
			"mfa": obj(fields{
				"active":                 boolean(),
				"return_enroll_settings": boolean(),
			}),
			"requires_username":    boolean(),
			"custom_password_hash": closedObj(fields{"action_id": str().length(1, 0)}),
			"realm_fallback":       boolean(),
		}
	},
	"oidc": func() fields {
		return merged(oidcCommon(), fields{
			"type":          enum("back_channel", "front_channel"),
			"discovery_url": strN(),
			"attribute_map": attributeMap("bind_all", "use_map"),
		})
	},
	"okta": func() fields {
		return merged(oidcCommon(), fields{
			"domain":        str(),
			"type":          enum("back_channel"),
			"attribute_map": attributeMap("basic_profile", "use_map"),
		})
	},
	"samlp": func() fields {
		return merged(samlCommon(), fields{
			"deflate":                         boolean(),
			"destinationUrl":                  str(),
			"recipientUrl":                    str(),
			"bindingMethod":                   str(),
			"global_token_revocation_jwt_iss": str(),
			"global_token_revocation_jwt_sub": str(),
		})
	},
	"pingfederate": func() fields {
		return merged(samlCommon(), fields{
			"pingFederateBaseUrl": str(),
		})
	},
	"waad": func() fields {
		return merged(flags(
			"ext_access_token", "ext_account_enabled", "ext_assigned_licenses", "ext_azure_id",
			"ext_city", "ext_country", "ext_department", "ext_dir_sync_enabled", "ext_email",
			"ext_expires_in", "ext_family_name", "ext_fax", "ext_given_name", "ext_group_ids",
			"ext_job_title", "ext_last_sync", "ext_mobile", "ext_name", "ext_nested_groups",
			"ext_nickname", "ext_oid", "ext_phone", "ext_physical_delivery_office_name",
			"ext_postal_code", "ext_preferred_language", "ext_provisioned_plans",
			"ext_provisioning_errors", "ext_proxy_addresses", "ext_puid", "ext_refresh_token",
			"ext_roles", "ext_state", "ext_street", "ext_telephoneNumber", "ext_tenantid",
			"ext_upn", "ext_usage_location", "ext_user_id",
			"granted", "use_wsfed", "useCommonEndpoint", "waad_common_endpoint",
		), fields{
			"app_domain":                             str().length(0, 255),
			"app_id":                                 str().length(0, 500),
			"domain":                                 str(),
			"identity_api":                           enum("microsoft-identity-platform-v2.0", "azure-active-directory-v1.0"),
			"scope":                                  arr(str().length(0, 100)).count(0, 100),
			"should_trust_email_verified_connection": trustEmail(),
			"tenantId":                               str(),
			"thumbprints":                            strs(),
			"userid_attribute":                       enum("oid", "sub"),
			"waad_protocol":                          enum("ws-federation", "openid-connect"),
			"cert_rollover_notification":             str(),
		})
	},
	"google-apps": func() fields {
		return merged(flags(
			"allow_setting_login_scopes", "email", "profile", "ext_groups_extended",
			"ext_is_admin", "handle_login_from_social", "map_user_id_to_id",
		), fields{
			"admin_access_token":           str(),
			"admin_refresh_token":          str(),
			"admin_access_token_expiresin": str(),
			"domain":                       str(),
			"scope":                        arr(str()).count(0, 64),
		})
	},
	"google-oauth2": func() fields {
		return merged(flags(
			"adsense_management", "analytics", "blogger", "calendar", "calendar_addons_execute",
			"calendar_events", "calendar_events_readonly", "calendar_settings_readonly",
			"chrome_web_store", "contacts", "contacts_new", "contacts_other_readonly",
			"contacts_readonly", "content_api_for_shopping", "coordinate", "coordinate_readonly",
			"directory_readonly", "document_list", "drive", "drive_activity",
			"drive_activity_readonly", "drive_appdata", "drive_apps_readonly", "drive_file",
			"drive_metadata", "drive_metadata_readonly", "drive_photos_readonly", "drive_readonly",
			"drive_scripts", "email", "gmail", "gmail_compose", "gmail_insert", "gmail_labels",
			"gmail_metadata", "gmail_modify", "gmail_new", "gmail_readonly", "gmail_send",
			"gmail_settings_basic", "gmail_settings_sharing", "google_affiliate_network",
			"google_books", "google_cloud_storage", "google_drive", "google_drive_files",
			"google_plus", "latitude_best", "latitude_city", "moderator", "offline_access",
			"orkut", "picasa_web", "profile", "sites", "spreadsheets", "tasks", "tasks_readonly",
			"url_shortener", "webmaster_tools", "youtube", "youtube_channelmemberships_creator",
			"youtube_new", "youtube_readonly", "youtube_upload", "youtubepartner",
		), fields{
			// an array, though the API also returns a bare string [S].
			"allowed_audiences": strs().or(str()),
			"freeform_scopes":   strs(),
			"scope":             strs(),
		})
	},
	"facebook": func() fields {
		return merged(flags(
			"ads_management", "ads_read", "allow_context_profile_field", "business_management",
			"email", "groups_access_member_info", "leads_retrieval", "manage_notifications",
			"manage_pages", "pages_manage_cta", "pages_manage_instant_articles", "pages_messaging",
			"pages_messaging_phone_number", "pages_messaging_subscriptions", "pages_show_list",
			"public_profile", "publish_actions", "publish_pages", "publish_to_groups",
			"publish_video", "read_audience_network_insights", "read_insights", "read_mailbox",
			"read_page_mailboxes", "read_stream", "user_age_range", "user_birthday", "user_events",
			"user_friends", "user_gender", "user_groups", "user_hometown", "user_likes",
			"user_link", "user_location", "user_managed_groups", "user_photos", "user_posts",
			"user_status", "user_tagged_places", "user_videos",
		), fields{
			"freeform_scopes": strs(),
			"scope":           str().length(0, 2048), // comma-separated [O][R]
		})
	},
	"github": func() fields {
		return merged(flags(
			"admin_org", "admin_public_key", "admin_repo_hook", "delete_repo", "email", "follow",
			"gist", "notifications", "profile", "public_repo", "read_org", "read_public_key",
			"read_repo_hook", "read_user", "repo", "repo_deployment", "repo_status", "write_org",
			"write_public_key", "write_repo_hook",
		), fields{
			"freeform_scopes": strs(),
			"scope":           strs(),
		})
	},
	"apple": func() fields {
		return fields{
			"app_secret":      strN().length(0, 5120),
			"client_id":       strN().length(0, 384),
			"team_id":         strN().length(0, 256),
			"kid":             strN().length(0, 1536),
			"email":           boolean(),
			"name":            boolean(),
			"freeform_scopes": arr(str().length(0, 2560)).count(0, 1024),
			"scope":           str(),
		}
	},
	"linkedin": func() fields {
		return merged(flags("basic_profile", "email", "full_profile", "network", "openid", "profile"), fields{
			"strategy_version": intRange(1, 3),
			"freeform_scopes":  strs(),
			"scope":            strs(),
		})
	},
	"windowslive": func() fields {
		return merged(flags(
			"applications", "applications_create", "basic", "birthday", "calendars",
			"calendars_update", "contacts_birthday", "contacts_calendars", "contacts_create",
			"contacts_photos", "contacts_skydrive", "directory_accessasuser_all",
			"directory_read_all", "directory_readwrite_all", "emails", "events_create",
			"graph_calendars", "graph_calendars_update", "graph_contacts", "graph_contacts_update",
			"graph_device", "graph_device_command", "graph_emails", "graph_emails_update",
			"graph_files", "graph_files_all", "graph_files_all_update", "graph_files_update",
			"graph_notes", "graph_notes_create", "graph_notes_update", "graph_tasks",
			"graph_tasks_update", "graph_user", "graph_user_activity", "graph_user_update",
			"group_read_all", "group_readwrite_all", "mail_readwrite_all", "mail_send",
			"messenger", "offline_access", "phone_numbers", "photos", "postal_addresses",
			"rolemanagement_read_all", "rolemanagement_readwrite_directory", "share", "signin",
			"sites_read_all", "sites_readwrite_all", "skydrive", "skydrive_update",
			"team_readbasic_all", "team_readwrite_all", "user_read_all", "user_readbasic_all",
			"work_profile",
		), fields{
			"strategy_version": intRange(1, 2),
			"freeform_scopes":  strs(),
			"scope":            strs(),
		})
	},
	"oauth2": func() fields {
		return fields{
			"authParams":        anyObj(),
			"authParamsMap":     anyObj(),
			"authorizationURL":  strN(),
			"tokenURL":          strN(),
			"logoutUrl":         str(),
			"customHeaders":     mapOf(str()),
			"fieldsMap":         anyObj(),
			"pkce_enabled":      boolean(),
			"scope":             str().or(strs()), // space-separated string or array [S][R]
			"scripts":           scriptsOAuth(),
			"useOauthSpecScope": boolean(),
		}
	},
	"oauth1": func() fields {
		return fields{
			"consumer_key":         str(),
			"consumer_secret":      str(),
			"requestTokenURL":      str(),
			"accessTokenURL":       str(),
			"userAuthorizationURL": str(),
			"sessionKey":           str(),
			"signatureMethod":      str(),
			"customHeaders":        mapOf(str()),
			"scripts":              scriptsOAuth(),
		}
	},
	"email": func() fields {
		return fields{
			"name":       str().length(3, 128),
			"authParams": anyObj(),
			"email": closedObj(fields{
				"from":    str(),
				"subject": str(),
				"body":    str(),
				"syntax":  enum("liquid"),
			}),
			"totp": totp(),
		}
	},
	"sms": func() fields {
		return fields{
			"name":                  str().length(1, 255),
			"authParams":            anyObj(),
			"from":                  strN(),
			"syntax":                enum("liquid", "md_with_macros"),
			"template":              str(),
			"totp":                  totp(),
			"provider":              enum("sms_gateway", "twilio"),
			"twilio_sid":            str(),
			"twilio_token":          str(),
			"messaging_service_sid": strN(),
			"gateway_url":           str(),
			"forward_req_info":      boolean(),
		}
	},
	"ad": func() fields {
		return merged(flags("agentMode", "certAuth", "disable_cache", "kerberos"), fields{
			"agentIP":        str(),
			"agentVersion":   str(),
			"certs":          strs(),
			"ips":            strs().nullable(),
			"signInEndpoint": str(),
			"thumbprints":    strs(),
		})
	},
	"adfs": func() fields {
		return fields{
			"adfs_server":                            str().length(0, 2048),
			"fedMetadataXml":                         str(),
			"entityId":                               str().length(1, 128),
			"signInEndpoint":                         str(),
			"thumbprints":                            strs(),
			"prev_thumbprints":                       strs(),
			"should_trust_email_verified_connection": trustEmail(),
			"user_id_attribute":                      str().length(1, 128),
			"cert_rollover_notification":             str(),
		}
	},
	"line": func() fields {
		return flags("email", "profile")
	},
}

// merged returns the union of field tables; later tables win.
func merged(tables ...fields) fields {
	out := fields{}
	for _, t := range tables {
		for k, v := range t {
			out[k] = v
		}
	}
	return out
}

// fieldsFor builds a strategy's top-level table: the API-wide keys, the
// keys typed alike everywhere, then the strategy's own.
func fieldsFor(strategy string) fields {
	tables := []fields{apiCommon(), universal()}
	if own, ok := strategyFields[strategy]; ok {
		tables = append(tables, own())
	}
	return merged(tables...)
}
