variable "domain" {
  type = string
}

variable "client_id" {
  type = string
}

variable "client_secret" {
  type      = string
  sensitive = true
}

variable "eu_token" {
  type      = string
  sensitive = true
  default   = null
}
