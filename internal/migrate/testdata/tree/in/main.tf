terraform {
  required_version = ">= 1.5"

  required_providers {
    # The official provider keeps clients, actions and tenant settings.
    auth0 = {
      source                = "auth0/auth0"
      version               = "~> 1.0"
      configuration_aliases = []
    }
  }
}

provider "auth0" {
  domain        = var.domain
  client_id     = var.client_id
  client_secret = var.client_secret # from TF_VAR_client_secret
  debug         = false
}

# The EU tenant.
provider "auth0" {
  alias                = "eu"
  domain               = "eu-${var.domain}"
  api_token            = var.eu_token
  custom_domain_header = "login.example.eu"
}

resource "auth0_client" "app" {
  name     = "My App"
  app_type = "regular_web"
}

module "social" {
  source      = "./modules/social"
  connections = local.social
  app_id      = auth0_client.app.id
}

module "eu_db" {
  source = "./modules/db"
  providers = {
    auth0 = auth0.eu
  }
  password_policy = "excellent"
}

output "social_ids" {
  value = module.social.ids
}
