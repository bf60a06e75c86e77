# Azure ML children azurerm has no resource for, created with azapi_resource: the body is the
# ARM REST shape (Online Deployments, Serverless Endpoints, Workspace Connections and Registries
# in the Machine Learning Services REST reference).
resource "azurerm_machine_learning_workspace" "ws" {
  name                          = "mlw-children"
  location                      = "westeurope"
  resource_group_name           = "rg-ml"
  application_insights_id       = "/x/appi"
  key_vault_id                  = "/x/kv"
  storage_account_id            = "/x/st"
  public_network_access_enabled = false
  identity {
    type = "SystemAssigned"
  }
}

resource "azapi_resource" "endpoint" {
  type      = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints@2024-04-01"
  name      = "scoring"
  parent_id = azurerm_machine_learning_workspace.ws.id
  location  = "westeurope"
  body = {
    properties = {
      authMode            = "AMLToken"
      publicNetworkAccess = "Disabled"
    }
  }
}

resource "azapi_resource" "blue" { # expect: AML205 fail, AML311 fail, AML503 fail
  type      = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments@2024-04-01"
  name      = "blue"
  parent_id = azapi_resource.endpoint.id
  location  = "westeurope"
  body = {
    sku = { name = "Default", capacity = 1 }
    properties = {
      endpointComputeType = "Managed"
      instanceType        = "Standard_DS3_v2"
      model               = "azureml:scorer:1"
      environmentVariables = {
        DB_PASSWORD = "Pa55w0rd-in-plain-sight"
      }
    }
  }
}

resource "azapi_resource" "green" { # expect: AML205 pass, AML311 pass, AML503 pass
  type      = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments@2024-04-01"
  name      = "green"
  parent_id = azapi_resource.endpoint.id
  location  = "westeurope"
  body = {
    sku = { name = "Default", capacity = 1 }
    properties = {
      endpointComputeType       = "Managed"
      instanceType              = "Standard_DS3_v2"
      model                     = "azureml:scorer:1"
      egressPublicNetworkAccess = "Disabled"
      appInsightsEnabled        = true
      environmentVariables = {
        LOG_LEVEL = "info"
      }
    }
  }
}

resource "azapi_resource" "llama" { # expect: AML103 fail, AML601 pass
  type      = "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints@2024-04-01"
  name      = "llama"
  parent_id = azurerm_machine_learning_workspace.ws.id
  location  = "westeurope"
  body = {
    sku = { name = "Consumption" }
    properties = {
      authMode = "Key"
      modelSettings = {
        modelId = "azureml://registries/azureml-meta/models/Llama-2-7b-chat"
      }
    }
  }
}

resource "azapi_resource" "search" { # expect: AML105 fail
  type      = "Microsoft.MachineLearningServices/workspaces/connections@2024-04-01"
  name      = "search"
  parent_id = azurerm_machine_learning_workspace.ws.id
  body = {
    properties = {
      category = "CognitiveSearch"
      target   = "https://search-ml.search.windows.net"
      authType = "ApiKey"
      credentials = {
        key = "never-copied"
      }
    }
  }
}

resource "azapi_resource" "registry" { # expect: AML209 fail
  type      = "Microsoft.MachineLearningServices/registries@2024-04-01"
  name      = "mlregistry"
  parent_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml"
  location  = "westeurope"
  body = {
    properties = {
      publicNetworkAccess = "Enabled"
      regionDetails       = []
    }
  }
}
