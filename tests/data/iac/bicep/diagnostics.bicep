// Diagnostic settings are extension resources (`scope:` the resource they extend), so a workspace
// or vault with one in the files has its logs kept (AML501, AML504), and one without fails.
// https://learn.microsoft.com/azure/templates/microsoft.insights/diagnosticsettings?pivots=deployment-language-bicep
param logWorkspaceId string = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/law-central'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-logged'
  location: 'westeurope'
  properties: {
    tenantId: '22222222-2222-2222-2222-222222222222'
    sku: {
      family: 'A'
      name: 'standard'
    }
    enablePurgeProtection: true
    enableRbacAuthorization: true
    publicNetworkAccess: 'Disabled'
  }
}

resource vaultLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-law'
  scope: vault
  properties: {
    workspaceId: logWorkspaceId
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

resource workspace 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
  name: 'mlw-logged'
  location: 'westeurope'
  properties: {
    keyVault: vault.id
    publicNetworkAccess: 'Disabled'
  }
}

resource workspaceLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'to-law'
  scope: workspace
  properties: {
    workspaceId: logWorkspaceId
    logs: [
      {
        categoryGroup: 'allLogs'
        enabled: true
      }
    ]
  }
}

resource unlogged 'Microsoft.MachineLearningServices/workspaces@2024-10-01' = {
  name: 'mlw-unlogged'
  location: 'westeurope'
  properties: {
    publicNetworkAccess: 'Disabled'
  }
}
