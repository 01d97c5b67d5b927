# Adopt an existing connection by its identity, its id (con_…). Import by
# name takes `id = "NAME"` (see above).
import {
  to = auth0_connection.users
  identity = {
    id = "con_a1B2c3D4e5F6g7H8"
  }
}
