package provider

import (
	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// Checks on one attribute of a resource in the plan or the state, named by
// its top-level name: the common case of plancheck and statecheck, without
// spelling out a tfjsonpath for each.

// expectAttr checks an attribute in the state.
func expectAttr(address, attribute string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(address, tfjsonpath.New(attribute), check)
}

// expectPlannedAttr checks an attribute in the plan.
func expectPlannedAttr(address, attribute string, check knownvalue.Check) plancheck.PlanCheck {
	return plancheck.ExpectKnownValue(address, tfjsonpath.New(attribute), check)
}

// expectPlannedUnknownAttr checks an attribute is unknown in the plan: the
// apply will tell it.
func expectPlannedUnknownAttr(address, attribute string) plancheck.PlanCheck {
	return plancheck.ExpectUnknownValue(address, tfjsonpath.New(attribute))
}

// expectSensitiveAttr checks an attribute is marked sensitive in the state.
func expectSensitiveAttr(address, attribute string) statecheck.StateCheck {
	return statecheck.ExpectSensitiveValue(address, tfjsonpath.New(attribute))
}

// expectPlannedSensitiveAttr checks an attribute is marked sensitive in the
// plan.
func expectPlannedSensitiveAttr(address, attribute string) plancheck.PlanCheck {
	return plancheck.ExpectSensitiveValue(address, tfjsonpath.New(attribute))
}

// expectSameAttrs checks that two attributes in the state hold the same
// value, such as a data source's and the resource's it reads.
func expectSameAttrs(addressA, attributeA, addressB, attributeB string) statecheck.StateCheck {
	return statecheck.CompareValuePairs(addressA, tfjsonpath.New(attributeA), addressB, tfjsonpath.New(attributeB), compare.ValuesSame())
}
