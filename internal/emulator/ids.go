package emulator

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"math/big"
)

const base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// randomBase62 returns n uniformly random base62 characters.
func randomBase62(n int) string {
	b := make([]byte, n)
	alphabet := big.NewInt(int64(len(base62)))
	for i := range b {
		v, err := rand.Int(rand.Reader, alphabet)
		if err != nil {
			panic("emulator: crypto/rand failed: " + err.Error())
		}
		b[i] = base62[v.Int64()]
	}
	return string(b)
}

// newConnectionID is "con_" + 16 base62 characters, the shape of every
// recorded connection id.
func newConnectionID() string { return "con_" + randomBase62(16) }

// newClientID and newClientSecret have the shapes of Auth0 application
// credentials (32 and 64 characters).
func newClientID() string     { return randomBase62(32) }
func newClientSecret() string { return randomBase62(64) }

// configCipher encrypts options.configuration values. Auth0 returns them as
// fresh base64 ciphertext on every write (recorded). Inferred: a value that
// is already one of this tenant's ciphertexts (a client that read the
// connection and sends its options back) is decrypted first, so it keeps its
// plaintext instead of being encrypted twice.
type configCipher struct{ aead cipher.AEAD }

func newConfigCipher(signingKey []byte) *configCipher {
	key := sha256.Sum256(append([]byte("options.configuration:"), signingKey...))
	block, err := aes.NewCipher(key[:])
	if err != nil {
		panic("emulator: aes: " + err.Error())
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic("emulator: gcm: " + err.Error())
	}
	return &configCipher{aead: aead}
}

func (c *configCipher) encrypt(plain string) string {
	nonce := make([]byte, c.aead.NonceSize())
	_, _ = rand.Read(nonce)
	sealed := c.aead.Seal(nonce, nonce, []byte(plain), nil)
	return base64.StdEncoding.EncodeToString(sealed)
}

// decrypt returns the plaintext of one of our ciphertexts, or ok=false.
func (c *configCipher) decrypt(text string) (string, bool) {
	raw, err := base64.StdEncoding.DecodeString(text)
	if err != nil || len(raw) < c.aead.NonceSize() {
		return "", false
	}
	n := c.aead.NonceSize()
	plain, err := c.aead.Open(nil, raw[:n], raw[n:], nil)
	if err != nil {
		return "", false
	}
	return string(plain), true
}

// encryptConfiguration re-encrypts every string value of
// options.configuration.
func (c *configCipher) encryptConfiguration(opts map[string]any) {
	conf, ok := opts["configuration"].(map[string]any)
	if !ok {
		return
	}
	for k, v := range conf {
		s, isStr := v.(string)
		if !isStr {
			continue
		}
		if plain, ours := c.decrypt(s); ours {
			s = plain
		}
		conf[k] = c.encrypt(s)
	}
}
