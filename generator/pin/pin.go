// Package pin reads and checks the spec pin: the record of which Dub spec
// snapshot generated/ was built from (specs/dub.pin.json).
package pin

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Pin describes one spec snapshot.
type Pin struct {
	// Path is the spec file, relative to the pin file's directory.
	Path string `json:"path"`
	// SHA256 is the hex digest of the file's bytes.
	SHA256 string `json:"sha256"`
	// Source says where the snapshot came from (a URL, or a repository and commit).
	Source string `json:"source"`
	// Operations is the number of operations the snapshot has.
	Operations int `json:"operations"`
}

// Read loads a pin file.
func Read(file string) (*Pin, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("pin: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var p Pin
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("pin %s: %w", file, err)
	}
	if p.Path == "" || p.SHA256 == "" {
		return nil, fmt.Errorf("pin %s: %w", file, errors.New(`"path" and "sha256" are required`))
	}
	return &p, nil
}

// SpecPath returns the spec path the pin names, resolved against the pin
// file's directory.
func (p *Pin) SpecPath(pinFile string) string {
	if filepath.IsAbs(p.Path) {
		return p.Path
	}
	return filepath.Join(filepath.Dir(pinFile), p.Path)
}

// SumBytes returns the hex sha256 of data.
func SumBytes(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// Sum returns the hex sha256 of a file.
func Sum(file string) (string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", fmt.Errorf("checksum: %w", err)
	}
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:]), nil
}

// Verify checks that spec has the digest the pin records.
func Verify(pinFile, spec string) error {
	p, err := Read(pinFile)
	if err != nil {
		return err
	}
	got, err := Sum(spec)
	if err != nil {
		return err
	}
	if got != p.SHA256 {
		return fmt.Errorf("spec %s has sha256 %s but %s pins %s (%s); update the pin (make spec-update) or use the pinned file",
			spec, got, pinFile, p.SHA256, p.Path)
	}
	return nil
}

// Write stores a pin file, indented, with a final newline.
func Write(file string, p *Pin) error {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return fmt.Errorf("pin: %w", err)
	}
	if err := os.WriteFile(file, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("pin: %w", err)
	}
	return nil
}

// ResolveSpec is what --spec and --pin together mean on the command line:
// without specPath the pin names the spec; with a pin the spec's digest
// must match it. It returns "" (and no error) when neither is given.
func ResolveSpec(specPath, pinFile string) (string, error) {
	if pinFile == "" {
		return specPath, nil
	}
	if specPath == "" {
		p, err := Read(pinFile)
		if err != nil {
			return "", err
		}
		specPath = p.SpecPath(pinFile)
	}
	if err := Verify(pinFile, specPath); err != nil {
		return "", err
	}
	return specPath, nil
}
