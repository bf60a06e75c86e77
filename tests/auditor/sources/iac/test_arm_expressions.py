"""Template expressions evaluated statically, following the ARM template functions reference
(learn.microsoft.com/azure/azure-resource-manager/templates/template-functions); what cannot
be known before deployment is Unknown, with a stand-in for names and ids."""

from __future__ import annotations

from typing import Any

import pytest

from auditor.sources.iac.arm_expressions import (
    Default,
    Evaluator,
    ExpressionError,
    Scope,
    Unknown,
)

RG = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/template"
NO_VALUE = Unknown("parameter 'p' has no value", "{parameters('p')}")


def _evaluator() -> Evaluator:
    scope = Scope(
        {
            "p": NO_VALUE,
            "name": "ws1",
            "count": 2,
            "flag": False,
            "late": Default("[parameters('name')]"),
        },
        {
            "kv": "[concat('kv-', parameters('name'))]",
            "unknownKv": "[concat(parameters('p'), '-kv')]",
            "list": ["a", "b"],
            "copy": [
                {"name": "subnets", "count": 2, "input": "[concat('s', copyIndex('subnets'))]"}
            ],
        },
    )
    return Evaluator(scope)


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("[parameters('name')]", "ws1"),
        ("[parameters('NAME')]", "ws1"),  # names are case-insensitive
        ("[parameters('late')]", "ws1"),  # a default naming another parameter
        ("[variables('kv')]", "kv-ws1"),
        ("[variables('subnets')]", ["s0", "s1"]),  # copy in variables
        ("[toLower('ABC')]", "abc"),
        ("[toUpper(parameters('name'))]", "WS1"),
        ("[format('{0}-{1}', 'a', 2)]", "a-2"),
        ("[concat(variables('list'), createArray('c'))]", ["a", "b", "c"]),
        ("[if(equals(parameters('name'), 'ws1'), 'Disabled', 'Enabled')]", "Disabled"),
        ("[if(parameters('flag'), parameters('p'), 'known')]", "known"),  # the other branch
        ("[and(parameters('flag'), parameters('p'))]", False),  # decided by the known false
        ("[or(not(parameters('flag')), parameters('p'))]", True),
        ("[empty('')]", True),
        ("[contains(variables('list'), 'b')]", True),
        ("[length(variables('list'))]", 2),
        ("[string(true())]", "True"),
        ("[bool('true')]", True),
        ("[int('7')]", 7),
        ("[json('{\"a\": [1, 2]}').a[1]]", 2),
        ("[union(createObject('a', 1), createObject('b', 2))]", {"a": 1, "b": 2}),
        ("[json('null')]", None),
        (
            "[resourceId('Microsoft.KeyVault/vaults', 'kv1')]",
            f"{RG}/providers/Microsoft.KeyVault/vaults/kv1",
        ),
        (
            "[resourceId('rg2', 'Microsoft.Storage/storageAccounts', 'st')]",
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg2/providers/"
            "Microsoft.Storage/storageAccounts/st",
        ),
        (
            "[resourceId('Microsoft.MachineLearningServices/workspaces/onlineEndpoints', "
            "'w', 'e')]",
            f"{RG}/providers/Microsoft.MachineLearningServices/workspaces/w/onlineEndpoints/e",
        ),
        (
            "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r')]",
            "/subscriptions/00000000-0000-0000-0000-000000000000/providers/"
            "Microsoft.Authorization/roleDefinitions/r",
        ),
        # A name from a parameter without a value still names the same resource.
        (
            "[resourceId('Microsoft.KeyVault/vaults', variables('unknownKv'))]",
            f"{RG}/providers/Microsoft.KeyVault/vaults/{{parameters('p')}}-kv",
        ),
        ("[resourceGroup().name]", "template"),
        ("[subscription().subscriptionId]", "00000000-0000-0000-0000-000000000000"),
        ("[[literal]", "[literal]"),  # `[[` escapes the bracket
        ("not an expression", "not an expression"),
    ],
)
def test_known_values(expression: str, value: Any) -> None:
    assert _evaluator().string(expression) == value


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("[parameters('p')]", "parameter 'p' has no value"),
        ("[concat(parameters('p'), '-x')]", "parameter 'p' has no value"),
        ("[reference('dep').outputs.x.value]", "reference() is known only at deployment"),
        ("[listKeys('id', '2023-01-01').keys[0].value]", "listKeys() is known only at deployment"),
        ("[utcNow()]", "utcNow() is known only at deployment"),
        (
            "[myNamespace.myFunction('a')]",
            "myNamespace.myFunction() is not evaluated before deployment",
        ),
        ("[if(parameters('p'), 'a', 'b')]", "parameter 'p' has no value"),
    ],
)
def test_unknown_values_say_why(expression: str, reason: str) -> None:
    value = _evaluator().string(expression)
    assert isinstance(value, Unknown)
    assert value.reason == reason


def test_unique_string_is_a_stable_stand_in() -> None:
    first = _evaluator().string("[uniqueString(resourceGroup().id)]")
    again = _evaluator().string("[uniqueString(resourceGroup().id)]")
    other = _evaluator().string("[uniqueString(resourceGroup().id, 'x')]")
    assert isinstance(first, str) and len(first) == 13
    assert first == again != other


@pytest.mark.parametrize(
    "expression",
    ["[parameters('undeclared')]", "[variables('nope')]", "[concat('a',]", "[concat('a') extra]"],
)
def test_template_errors_are_expression_errors(expression: str) -> None:
    with pytest.raises(ExpressionError):
        _evaluator().string(expression)


def test_property_names_may_be_expressions() -> None:
    identities = {"[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id1')]": {}}
    assert _evaluator().value(identities) == {
        f"{RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1": {}
    }
