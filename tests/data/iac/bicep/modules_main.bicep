// Local modules get their params and keep their own file and lines; a registry module is not
// fetched (a problem naming the line), and a missing module file is a problem too.
// https://learn.microsoft.com/azure/azure-resource-manager/bicep/modules
module endpoint './modules/endpoint.bicep' = {
  name: 'endpoint'
  params: {
    workspaceName: 'mlw-mod'
    authMode: 'AMLToken'
  }
}

module registryVault 'br/public:avm/res/key-vault/vault:0.11.0' = {
  name: 'vault'
  params: {
    name: 'kv-from-registry'
  }
}

module missing './modules/not-there.bicep' = {
  name: 'missing'
}

resource deployment 'Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments@2024-10-01' = {
  name: 'mlw-mod/${endpoint.outputs.endpointName}/blue'
  location: 'westeurope'
  sku: {
    name: 'Default'
    capacity: 1
  }
  properties: {
    endpointComputeType: 'Managed'
    egressPublicNetworkAccess: 'Disabled'
    environmentVariables: {
      SCORING_API_KEY: 'sk-live-0123456789abcdefghijklmnopqrstuv'
      LOG_LEVEL: 'info'
    }
  }
}
