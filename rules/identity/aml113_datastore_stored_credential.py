"""AML113: datastores should use identity-based access, not a stored credential."""

from __future__ import annotations

from auditor.rulekit import (
    DATASTORES,
    PropertyCheck,
    References,
    Remediation,
    Rule,
    RuleMeta,
    Severity,
    snippet,
)

META = RuleMeta(
    id="AML113",
    title="Datastore stores a credential",
    severity=Severity.MEDIUM,
    resource_types=(DATASTORES,),
    category="identity",
    rationale=(
        "A datastore whose credentialsType is AccountKey, Sas, ServicePrincipal or Certificate "
        "keeps that secret in the workspace and hands it to every job and user that reads the "
        "datastore: an account key grants full control of the whole storage account, a SAS or "
        "service principal secret works from anywhere until it expires or is rotated, and none "
        "of them is tied to the caller's identity. Identity-based datastores (credentialsType "
        "None) store nothing and authorise each caller with Entra ID and Azure RBAC."
    ),
    remediation=Remediation(
        description=(
            "Recreate the datastore without credentials (identity-based access), grant the users "
            "and the compute or workspace identities a data-plane role such as 'Storage Blob Data "
            "Reader' on the storage, then rotate the key, SAS or secret that was stored. For the "
            "workspace's default datastores, set systemDatastoresAuthMode to identity (AML106)."
        ),
        az=(
            "az ml datastore create --resource-group <rg> --workspace-name <workspace> "
            "--file datastore.yml  # without a credentials section"
        ),
        bicep=snippet(
            """
            resource datastore 'Microsoft.MachineLearningServices/workspaces/datastores@2024-10-01' = {
              parent: workspace
              name: datastoreName
              properties: {
                datastoreType: 'AzureBlob'
                accountName: storageAccountName
                containerName: containerName
                credentials: { credentialsType: 'None' }
              }
            }
            """
        ),
    ),
    references=References(
        docs=(
            "https://learn.microsoft.com/azure/machine-learning/how-to-datastore",
            "https://learn.microsoft.com/azure/machine-learning/how-to-identity-based-service-authentication",
            "https://learn.microsoft.com/rest/api/azureml/datastores/list",
        ),
        mcsb=("IM-3", "IM-8"),
    ),
    judged_in_templates=True,
)


RULE = Rule(
    META,
    PropertyCheck(
        # CredentialsType in the Datastores API (stable 2024-10-01 and later): AccountKey,
        # Certificate, None, Sas, ServicePrincipal; the preview Kerberos kinds keep a password or
        # keytab. A GET returns the type, never the secret.
        path="properties.credentials.credentialsType",
        expected="None (identity-based access)",
        bad=(
            "AccountKey",
            "Sas",
            "ServicePrincipal",
            "Certificate",
            "KerberosPassword",
            "KerberosKeytab",
        ),
        good=("None",),
        failed="Datastore '{name}' stores a credential (credentialsType {value})",
        passed="Datastore '{name}' stores no credential (credentialsType {value})",
        absent_message=(
            "credentialsType is not present, so whether the datastore stores a credential is "
            "unknown"
        ),
        unknown="credentialsType {value!r} is not a value this rule knows",
    ),
)
